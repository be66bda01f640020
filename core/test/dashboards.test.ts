// Performance gauges and the request histogram, checked the way SkyWalking OAP reads them: metric names and
// label names with '.' and '/' turned into '_', resource attributes first, point attributes over them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Harness, Platform } from './harness'
import { start } from './harness'
import { startAppServer } from './app-server'

let app: Awaited<ReturnType<typeof startAppServer>>
beforeAll(async () => {
  app = await startAppServer()
})
afterAll(() => app.close())

interface Sample {
  name: string
  labels: Record<string, string>
  type: string
  temporality?: number
}

const oapName = (s: string) => s.replace(/[./]/g, '_')

/** Decoded OTLP points → OAP samples, as OAP's OpenTelemetry metrics receiver builds them. */
function asOap(h: Harness): Sample[] {
  return h.collector.metrics.map((m) => {
    const labels: Record<string, string> = {}
    for (const [k, v] of Object.entries({ ...m.resource, ...m.attributes })) labels[oapName(k)] = String(v)
    return { name: oapName(m.name), labels, type: m.type, temporality: m.temporality }
  })
}

/** DESIGN.md's table: the metrics each platform's dashboards are built from. */
const DASHBOARD: Record<Extract<Platform, 'wechat' | 'alipay'>, string[]> = {
  wechat: [
    'miniprogram_app_launch_duration',
    'miniprogram_first_render_duration',
    'miniprogram_route_duration',
    'miniprogram_script_duration',
    'miniprogram_package_load_duration',
    'miniprogram_request_duration',
  ],
  alipay: ['miniprogram_app_launch_duration', 'miniprogram_first_render_duration', 'miniprogram_request_duration'],
}

/** A small app: each page reports its lifecycle as the adapters do, then a journey through it. */
async function journey(h: Harness) {
  const m = () => h.monitor
  const page = (route: string) => ({
    onLoad() {
      m().lifecycle('pageLoad', route)
    },
    onShow() {
      m().lifecycle('pageShow', route)
    },
    onReady() {
      m().lifecycle('pageReady', route)
    },
    onHide() {
      m().lifecycle('pageHide', route)
    },
    onUnload() {
      m().lifecycle('pageUnload', route)
    },
  })
  await h.sim.launch({
    app: {
      app: {
        onLaunch() {
          m().lifecycle('appLaunch')
        },
      },
      pages: { 'pages/index/index': page('pages/index/index'), 'pages/list/list': page('pages/list/list') },
    },
  })
  await new Promise<void>((resolve) =>
    (h.sim.api as any).request({ url: app.url + '/slow/30', complete: () => resolve() }),
  )
  m().lifecycle('routeStart')
  await h.sim.navigateTo('/pages/list/list')
  await new Promise<void>((resolve) => (h.sim.api as any).request({ url: app.url + '/status/500', complete: () => resolve() }))
  m().lifecycle('routeStart')
  await h.sim.navigateBack()
  // the platform delivers performance entries to observers asynchronously
  await h.sim.idle(30)
  await h.monitor.flush()
}

describe.each(['wechat', 'alipay'] as const)('%s dashboards', (platform) => {
  let h: Harness
  afterEach(() => h.close())

  it('every dashboard metric DESIGN.md lists is non-empty, with the labels OAP needs', async () => {
    h = await start(platform)
    await journey(h)
    const samples = asOap(h)
    for (const name of DASHBOARD[platform]) {
      const mine = samples.filter((s) => s.name === name && s.labels.miniprogram_platform === platform)
      expect(mine.length, `${name} on ${platform}`).toBeGreaterThan(0)
      for (const s of mine) {
        expect(s.labels.service_name).toBe('shop')
        expect(s.labels.service_instance_id).toBe('1.4.2')
        expect(s.labels.miniprogram_page_path).toMatch(/^pages\/\w+\/\w+$/)
        expect(s.labels).not.toHaveProperty('service_layer')
      }
      if (name === 'miniprogram_request_duration') expect(mine.every((s) => s.type === 'histogram' && s.temporality === 1)).toBe(true)
      else expect(mine.every((s) => s.type === 'gauge')).toBe(true)
    }
    // every gauge is an integer number of milliseconds, sent as an integer
    for (const p of h.collector.metrics.filter((m) => m.type === 'gauge')) {
      expect(Number.isInteger(p.value)).toBe(true)
      expect(p.valueType).toBe('int')
      expect(p.value).toBeGreaterThanOrEqual(0)
    }
    // error logs feed the error dashboards: the ajax failure is one of them
    expect(h.collector.logs.filter((l) => l.attributes['exception.type'] === 'ajax')).toHaveLength(1)
  })

  it('one source per platform: no metric measured twice for the same page load', async () => {
    h = await start(platform)
    await journey(h)
    const gauges = h.collector.metrics.filter((m) => m.type === 'gauge')
    const launches = gauges.filter((g) => g.name === 'miniprogram.app_launch.duration')
    expect(launches).toHaveLength(1)
    expect(launches[0].attributes['miniprogram.page.path']).toBe('pages/index/index')
    const firstRenders = gauges.filter((g) => g.name === 'miniprogram.first_render.duration')
    expect(firstRenders.map((g) => g.attributes['miniprogram.page.path']).sort()).toEqual(['pages/index/index', 'pages/list/list'])
    const routes = gauges.filter((g) => g.name === 'miniprogram.route.duration')
    if (platform === 'wechat') {
      // from wx.getPerformance(): exactly one gauge per route entry the platform recorded, none from lifecycle
      const entries = (h.sim.api as any).getPerformance().getEntriesByType('navigation').filter((e: any) => e.name === 'route')
      expect(entries.length).toBeGreaterThan(0)
      expect(routes.map((g) => g.attributes['miniprogram.page.path'])).toEqual(entries.map((e: any) => e.path.replace(/^\//, '')))
    } else {
      // from lifecycle reports: navigateTo ends at the new page's onReady, navigateBack at the previous page's onShow
      expect(routes.map((g) => g.attributes['miniprogram.page.path'])).toEqual(['pages/list/list', 'pages/index/index'])
    }
    // time on page, from lifecycle reports on both platforms
    expect(gauges.filter((g) => g.name === 'miniprogram.page_stay.duration').map((g) => g.attributes['miniprogram.page.path'])).toEqual([
      'pages/index/index',
      'pages/list/list',
    ])
    // requests are tagged with the page they were made on
    const requests = h.collector.metrics.filter((m) => m.name === 'miniprogram.request.duration')
    expect(requests.map((r) => r.attributes['miniprogram.page.path']).sort()).toEqual(['pages/index/index', 'pages/list/list'])
  })
})

describe('WeChat performance entries', () => {
  let h: Harness
  afterEach(() => h.close())

  it('entries recorded before init are read too; paints become extra gauges', async () => {
    const { shutdown, init } = await import('../src/index')
    h = await start('wechat')
    await shutdown()
    await h.sim.launch({ app: { pages: { 'pages/index/index': {} } } })
    h.monitor = init({ service: 'shop', serviceVersion: '1.4.2', collector: h.collector.url, flushInterval: 60000 })
    await h.monitor.flush()
    const names = h.collector.metrics.map((m) => m.name)
    expect(names).toContain('miniprogram.app_launch.duration')
    expect(names).toContain('miniprogram.first_render.duration')
    expect(names).toContain('miniprogram.script.duration')
    expect(names).toContain('miniprogram.package_load.duration')
    expect(names).toContain('miniprogram.first_contentful_paint.duration')
    expect(names).toContain('miniprogram.largest_contentful_paint.duration')
    for (const m of h.collector.metrics) expect(m.attributes['miniprogram.page.path']).toBe('pages/index/index')
  })

  it('perf can be turned off', async () => {
    h = await start('wechat', { enable: { perf: false } })
    await journey(h)
    expect(h.collector.metrics.filter((m) => m.type === 'gauge')).toHaveLength(0)
  })
})
