// mini-program-monitor's users switch by changing the import: its README's configuration block, unchanged but
// for `collector`, inside a native app in the simulated WeChat and Alipay runtimes, with core alone (init at
// the top of app.js, as that SDK's docs show), against the real collector.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startCollector, type Collector } from '@minimon/collector'
import { createSim, sleep } from '@minimon/sim'
import { startAppServer } from './app-server'
import { writeApp, type AppDir } from './apps/app-dir'

type Platform = 'wechat' | 'alipay'

let cleanup: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

/** That README's block (tracing per run), as the app's own source text. */
function readmeBlock(platform: Platform, collector: string, tracing: boolean, propagateTo: string): string {
  return `{
  service: 'my-mini-program', serviceVersion: 'v1.2.0', serviceInstance: 'v1.2.0', platform: '${platform}',
  enable: { error: true, perf: true, request: true, tracing: ${tracing} },
  tracing: { sampleRate: 1.0, urlBlacklist: [/\\/heartbeat/]${propagateTo ? `, propagateTo: ['${propagateTo}']` : ''} },
  request: { urlGroupRules: { '/api/users/*': /\\/api\\/users\\/\\d+/ } },
  maxQueue: 200, flushInterval: 5000, encoding: 'proto', debug: false,
  collector: '${collector}',
}`
}

/** A two-page app: the index page asks for a user and a heartbeat; a tap throws; detail asks for a missing user. */
function app(platform: Platform, init: string, api: string): AppDir {
  const request = (url: string) => `${platform === 'wechat' ? 'wx' : 'my'}.request({ url: '${api}${url}', success() {}, fail() {} })`
  return writeApp(['pages/index/index', 'pages/detail/detail'], {
    'app.js': `const { init } = require('@minimon/core')\ninit(${init})\nApp({ onLaunch() { this.launched = true } })\n`,
    'pages/index/index.js': `Page({
  onLoad() { ${request('/api/users/42?token=secret')}; ${request('/heartbeat')} },
  onBuy() { throw new TypeError('cart is empty') },
})\n`,
    'pages/detail/detail.js': `Page({ onLoad() { ${request('/status/404')} } })\n`,
  })
}

async function run(platform: Platform, tracing: boolean) {
  const collector = await startCollector({ port: 0 })
  const api = await startAppServer()
  const host = new URL(api.url).hostname
  const dir = app(platform, readmeBlock(platform, collector.url, tracing, tracing ? host : ''), api.url)
  const sim = createSim({ platform })
  cleanup.push(() => collector.close(), () => api.close(), () => dir.remove(), () => sim.kill())
  await sim.launch({ app: dir.dir })
  await sim.idle(50)
  await sim.tap('onBuy')
  await sim.navigateTo('/pages/detail/detail')
  await sim.idle(50)
  // the app goes to the background: what is queued is written down and sent
  await sim.hide()
  return { collector, api, sim }
}

async function until(c: Collector, check: () => boolean, timeout = 5000) {
  const end = Date.now() + timeout
  while (!check()) {
    if (Date.now() > end) throw new Error('not received in time:\n' + c.summary())
    await sleep(25)
  }
}

const gauges = (c: Collector, name: string) => c.metrics.filter((m) => m.name === name)

for (const platform of ['wechat', 'alipay'] as Platform[]) {
  describe(`mini-program-monitor's README configuration on ${platform}`, () => {
    it('runs the monitor: errors, page gauges and the request histogram arrive', async () => {
      const { collector } = await run(platform, false)
      await until(collector, () => collector.logs.length >= 2 && gauges(collector, 'miniprogram.request.duration').length >= 2)
      await until(collector, () => gauges(collector, 'miniprogram.first_render.duration').length >= 2)

      expect(collector.logs[0].resource).toMatchObject({ 'service.name': 'my-mini-program', 'service.instance.id': 'v1.2.0', 'miniprogram.platform': platform })
      const thrown = collector.logs.find((l) => l.attributes['exception.type'] === 'js')!
      expect(thrown.body).toBe('TypeError: cart is empty')
      expect(thrown.attributes['miniprogram.page.path']).toBe('pages/index/index')
      const ajax = collector.logs.find((l) => l.attributes['exception.type'] === 'ajax')!
      expect(ajax.attributes['http.response.status_code']).toBe(404)

      // its `{ label: RegExp }` rule names the group; nothing of the query leaves the device
      const requests = gauges(collector, 'miniprogram.request.duration')
      expect(requests.map((r) => r.attributes['url.path.group'])).toContain('/api/users/*')
      expect(JSON.stringify(requests)).not.toContain('secret')

      // launch and first render per page: from wx.getPerformance on WeChat, from core's App/Page wrappers on Alipay
      expect(gauges(collector, 'miniprogram.app_launch.duration')).toHaveLength(1)
      expect(gauges(collector, 'miniprogram.first_render.duration').map((g) => g.attributes['miniprogram.page.path']).sort()).toEqual([
        'pages/detail/detail',
        'pages/index/index',
      ])
      expect(collector.segments).toEqual([])
    })

    it('with enable.tracing and tracing.propagateTo: segments arrive, never for the blacklisted heartbeat', async () => {
      const { collector, api } = await run(platform, true)
      await until(collector, () => collector.segments.length >= 2)
      await sleep(100)
      const urls = collector.segments.map((s) => s.spans![0].tags!.find((t) => t.key === 'url')!.value)
      expect(urls.some((u) => u.endsWith('/api/users/42'))).toBe(true)
      expect(urls.some((u) => u.includes('heartbeat'))).toBe(false)
      expect(collector.segments[0].spans![0].componentId).toBe(platform === 'wechat' ? 10002 : 10003)
      // the sw8 header went to the allowed host, with the user request only
      const users = api.received.find((r) => r.url.startsWith('/api/users/42'))!
      expect(users.headers.sw8).toMatch(/^1-/)
      expect(api.received.find((r) => r.url === '/heartbeat')!.headers.sw8).toBeUndefined()
    })
  })
}

/**
 * Alipay has no performance API: launch and first render come from the app and page lifecycle, from exactly
 * one source per app — core's own App/Page wrappers when core runs alone, @minimon/native when it is there,
 * whatever the order in which the app sets them up.
 */
describe('Alipay lifecycle gauges: one source per page view', () => {
  const options = (collector: string) => `{ service: 'lifecycle', serviceVersion: '1.0.0', collector: '${collector}', flushInterval: 60000 }`
  const variants: [string, (o: string) => Record<string, string>][] = [
    [
      'core alone, init at the top of app.js',
      (o) => ({
        'app.js': `require('@minimon/core').init(${o})\nApp({ onLaunch() {} })\n`,
        'pages/index/index.js': `Page({ onReady() { this.ready = true } })\n`,
        'pages/detail/detail.js': `Page({})\n`,
      }),
    ],
    [
      'init first, then monitorApp and monitorPage',
      (o) => ({
        'app.js': `require('@minimon/core').init(${o})\nconst { monitorApp } = require('@minimon/native')\nApp(monitorApp({ onLaunch() {} }))\n`,
        'pages/index/index.js': `const { monitorPage } = require('@minimon/native')\nPage(monitorPage({ onReady() { this.ready = true } }))\n`,
        'pages/detail/detail.js': `const { monitorPage } = require('@minimon/native')\nPage(monitorPage({}))\n`,
      }),
    ],
    [
      'monitorApp starting the monitor',
      (o) => ({
        'app.js': `const { monitorApp } = require('@minimon/native')\nApp(monitorApp({ onLaunch() {} }, ${o}))\n`,
        'pages/index/index.js': `const { monitorPage } = require('@minimon/native')\nPage(monitorPage({ onReady() { this.ready = true } }))\n`,
        'pages/detail/detail.js': `const { monitorPage } = require('@minimon/native')\nPage(monitorPage({}))\n`,
      }),
    ],
    [
      'init first, plain App(), monitorPage on the pages',
      (o) => ({
        'app.js': `require('@minimon/core').init(${o})\nApp({ onLaunch() {} })\n`,
        'pages/index/index.js': `const { monitorPage } = require('@minimon/native')\nPage(monitorPage({ onReady() { this.ready = true } }))\n`,
        'pages/detail/detail.js': `const { monitorPage } = require('@minimon/native')\nPage(monitorPage({}))\n`,
      }),
    ],
  ]

  it.each(variants)('%s: app_launch once, first_render once per page view, the app hooks intact', async (_name, files) => {
    const collector = await startCollector({ port: 0 })
    const dir = writeApp(['pages/index/index', 'pages/detail/detail'], files(options(collector.url)), ['@minimon/core', '@minimon/native'])
    const sim = createSim({ platform: 'alipay' })
    cleanup.push(() => collector.close(), () => dir.remove(), () => sim.kill())
    await sim.launch({ app: dir.dir })
    await sim.navigateTo('/pages/detail/detail')
    await sim.navigateBack()
    await sim.navigateTo('/pages/detail/detail')
    await sim.idle(20)
    // the app's own onReady ran, with its `this`
    expect(sim.pages()[0].ready).toBe(true)
    await sim.hide()
    await until(collector, () => gauges(collector, 'miniprogram.first_render.duration').length >= 3)
    await sleep(100)
    expect(gauges(collector, 'miniprogram.app_launch.duration')).toHaveLength(1)
    // index once; detail twice, one per page view
    expect(gauges(collector, 'miniprogram.first_render.duration').map((g) => g.attributes['miniprogram.page.path']).sort()).toEqual([
      'pages/detail/detail',
      'pages/detail/detail',
      'pages/index/index',
    ])
  })
})

describe('init inside onLaunch, as mini-program-monitor shows it', () => {
  it.each(['wechat', 'alipay'] as Platform[])('on %s: debug says once what cannot be seen; errors and requests still arrive', async (platform) => {
    const collector = await startCollector({ port: 0 })
    const api = await startAppServer()
    const dir = writeApp(['pages/index/index'], {
      'app.js': `const { init } = require('@minimon/core')
App({ onLaunch() { init({ service: 'late', collector: '${collector.url}', flushInterval: 60000, debug: true }) } })\n`,
      'pages/index/index.js': `Page({ onShow() { ${platform === 'wechat' ? 'wx' : 'my'}.request({ url: '${api.url}/status/500' }) }, onBuy() { throw new Error('late but seen') } })\n`,
    })
    const sim = createSim({ platform })
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    cleanup.push(() => collector.close(), () => api.close(), () => dir.remove(), () => sim.kill(), () => log.mockRestore())
    await sim.launch({ app: dir.dir })
    await sim.tap('onBuy')
    await sim.idle(50)
    await sim.hide()
    await until(collector, () => collector.logs.length >= 2)
    const said = log.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('init after App()'))
    expect(said).toEqual(['[minimon] init after App(): launch and earlier pages unmeasured'])
    expect(collector.logs.map((l) => l.attributes['exception.type']).sort()).toEqual(['ajax', 'js'])
    expect(gauges(collector, 'miniprogram.request.duration').length).toBeGreaterThan(0)
  })
})
