// Page and route tracing through uni's lifecycle hooks and uni's navigation interceptors, with uni's real Vue
// runtime and uni's real mini-program API, on the simulated WeChat and Alipay hosts, reported to the collector.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { bootUni, pageComponent, type UniApp } from './harness'

let u: UniApp | undefined
afterEach(async () => {
  await u?.close()
  u = undefined
})

// A small HTTP server the app calls (never the collector: core leaves the collector's own URL alone).
let api: Server
let apiUrl = ''
beforeAll(async () => {
  api = createServer((req, res) => {
    if (req.url?.startsWith('/missing')) res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not here"}')
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
  })
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r))
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => api.close(() => r())))

const INDEX = 'pages/index/index'
const DETAIL = 'pages/detail/detail'
const pages = {
  [INDEX]: pageComponent('Index'),
  [DETAIL]: pageComponent('Detail'),
}
const gauges = (u: UniApp, name: string) => u.collector.metrics.filter((m) => m.name === name)

describe.each(['wechat', 'alipay'] as const)('on %s', (platform) => {
  it('reports app launch, every page lifecycle with its uni route, and route starts from uni.navigateTo/navigateBack', async () => {
    u = await bootUni(platform, { pages })
    await u.launch()
    await u.uni.navigateTo({ url: '/pages/detail/detail?id=7' })
    await u.sim.idle(10)
    await u.uni.navigateBack()
    await u.sim.idle(10)
    expect(u.lifecycle).toEqual([
      ['appLaunch', ''],
      ['appShow', ''],
      ['pageLoad', INDEX],
      ['pageShow', INDEX],
      ['pageReady', INDEX],
      ['routeStart', '/pages/detail/detail?id=7'],
      ['pageHide', INDEX],
      ['pageLoad', DETAIL],
      ['pageShow', DETAIL],
      ['pageReady', DETAIL],
      ['routeStart', undefined],
      ['pageUnload', DETAIL],
      ['pageShow', INDEX],
    ])
  })

  it('marks a route start for each of redirectTo, switchTab and reLaunch exactly once', async () => {
    const tabs = { 'pages/tab-a/tab-a': pageComponent('TabA'), 'pages/tab-b/tab-b': pageComponent('TabB') }
    u = await bootUni(platform, { pages: { ...tabs, ...pages }, tabBar: Object.keys(tabs) })
    await u.launch()
    await u.uni.switchTab({ url: '/pages/tab-b/tab-b' })
    await u.uni.navigateTo({ url: '/pages/index/index' })
    await u.uni.redirectTo({ url: '/pages/detail/detail' })
    await u.uni.reLaunch({ url: '/pages/index/index' })
    await u.sim.idle(10)
    expect(u.lifecycle.filter(([e]) => e === 'routeStart')).toEqual([
      ['routeStart', '/pages/tab-b/tab-b'],
      ['routeStart', '/pages/index/index'],
      ['routeStart', '/pages/detail/detail'],
      ['routeStart', '/pages/index/index'],
    ])
    // The current page follows every navigation.
    expect(u.core.getMonitor()!.currentPage()).toBe(INDEX)
    expect(u.lifecycle.filter(([e]) => e === 'pageUnload').map(([, r]) => r)).toEqual([INDEX, DETAIL, 'pages/tab-b/tab-b', 'pages/tab-a/tab-a'])
  })

  it('sends launch, first render, route and time-on-page gauges for uni page paths, and tags errors with the current page', async () => {
    u = await bootUni(platform, { pages })
    await u.launch()
    await u.uni.navigateTo({ url: '/pages/detail/detail?id=7' })
    await u.sim.idle(10)
    u.sim.throwInApp(new Error('thrown on the detail page'))
    await u.uni.navigateBack()
    await u.sim.idle(10)
    await u.sim.hide()
    await u.core.flush()
    const c = u.collector
    await c.waitFor(() => gauges(u!, 'miniprogram.page_stay.duration').length >= 3 && c.logs.length >= 1, 3000)
    const log = c.logs.find((l) => l.body === 'Error: thrown on the detail page')!
    expect(log.attributes['miniprogram.page.path']).toBe(DETAIL)
    expect(log.attributes['exception.type']).toBe('js')
    // Time on page: index until it was covered, detail until it was closed, index again until the app hid.
    expect(gauges(u, 'miniprogram.page_stay.duration').map((m) => m.attributes['miniprogram.page.path'])).toEqual([INDEX, DETAIL, INDEX])
    for (const name of ['miniprogram.app_launch.duration', 'miniprogram.first_render.duration', 'miniprogram.route.duration']) {
      expect(gauges(u, name).length, name).toBeGreaterThan(0)
    }
    if (platform === 'alipay') {
      // No performance API on Alipay: these come from the lifecycle the adapter reports.
      expect(gauges(u, 'miniprogram.app_launch.duration').map((m) => m.attributes['miniprogram.page.path'])).toEqual([INDEX])
      expect(gauges(u, 'miniprogram.first_render.duration').map((m) => m.attributes['miniprogram.page.path'])).toEqual([INDEX, DETAIL])
      expect(gauges(u, 'miniprogram.route.duration').map((m) => m.attributes['miniprogram.page.path'])).toEqual([DETAIL, INDEX])
    }
    const paths = new Set(c.metrics.map((m) => m.attributes['miniprogram.page.path']))
    for (const p of paths) expect([INDEX, DETAIL]).toContain(p)
    expect(c.batches.every((b) => b.check.ok)).toBe(true)
  })

  it('reports a navigation to a missing page as pageNotFound, and leaves no route pending after it', async () => {
    u = await bootUni(platform, { pages })
    await u.launch()
    const res = await u.uni.navigateTo({ url: '/pages/missing/missing?x=1' }).catch((e: unknown) => e)
    expect(JSON.stringify(res)).toMatch(/not found/)
    await u.sim.hide()
    await u.sim.show()
    await u.sim.idle(10)
    await u.core.flush()
    await u.collector.waitFor((c) => c.logs.some((l) => l.attributes['exception.type'] === 'pageNotFound'))
    const log = u.collector.logs.find((l) => l.attributes['exception.type'] === 'pageNotFound')!
    expect(log.body).toBe('page not found: pages/missing/missing')
    expect(log.attributes['miniprogram.page.path']).toBe(INDEX)
    // The failed navigateTo started no route: showing the index page again measures none.
    if (platform === 'alipay') expect(gauges(u, 'miniprogram.route.duration')).toEqual([])
  })

  it('measures uni.request, uni.downloadFile and uni.uploadFile once each (core wraps the platform API; the adapter adds nothing)', async () => {
    u = await bootUni(platform, { pages })
    await u.launch()
    const done: unknown[] = []
    await new Promise<void>((resolve) =>
      u!.uni.request({ url: `${apiUrl}/orders?page=1`, success: (r: unknown) => done.push(r), complete: () => resolve() }),
    )
    await u.uni.request({ url: `${apiUrl}/missing/thing` }).catch(() => {})
    await u.uni.request({ url: 'http://127.0.0.1:9/unreachable' }).catch(() => {})
    const file: { tempFilePath?: string } = await u.uni.downloadFile({ url: `${apiUrl}/file.bin` })
    expect(file.tempFilePath).toBeTruthy()
    await u.uni.uploadFile({ url: `${apiUrl}/upload`, filePath: file.tempFilePath, name: 'file' })
    await u.sim.idle(10)
    await u.core.flush()
    const c = u.collector
    await c.waitFor(() => c.metrics.some((m) => m.name === 'miniprogram.request.duration'))
    expect(done).toHaveLength(1)
    const points = c.metrics.filter((m) => m.name === 'miniprogram.request.duration')
    // Five calls, five observations: nothing counted twice.
    expect(points.reduce((n, p) => n + Number(p.count), 0)).toBe(5)
    expect(points.every((p) => p.attributes['miniprogram.page.path'] === INDEX)).toBe(true)
    await c.waitFor(() => c.logs.filter((l) => l.attributes['exception.type'] === 'ajax').length >= 2)
    const ajax = c.logs.filter((l) => l.attributes['exception.type'] === 'ajax')
    expect(ajax.map((l) => l.attributes['http.response.status_code'] ?? 0).sort()).toEqual([0, 404])
    expect(ajax).toHaveLength(2)
  })
})
