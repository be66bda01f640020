// The uni-app demo, compiled by uni's own CLI for mp-weixin and mp-alipay, boots in @minimon/sim and reports
// to the local collector: a scripted journey through the home, requests and errors pages (scripts/journey.mjs).
// Every signal carries a uni page path, Vue errors are reported once with their component and hook, and no
// request is counted twice. The build runs when dist/test/<target> is missing or older than its inputs
// (scripts/targets.mjs: sources, the built adapter and core, the collector URL).
import { startCollector, type Collector } from '@minimon/collector'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runJourney } from '../scripts/journey.mjs'
import { buildTarget, outDir } from '../scripts/targets.mjs'
import { coreHostsIn } from '../../test-support/core-hosts'
import { startPlaygroundApi, type ApiServer } from '../../test-support/api-server.mjs'

const PAGES = ['pages/index/index', 'pages/requests/requests', 'pages/errors/errors']
/** The collector's port baked into the test builds; another free one (and a rebuild) if it is taken. */
const TEST_PORT = 43187

let collector: Collector
let api: ApiServer
beforeAll(async () => {
  collector = await startCollector({ port: TEST_PORT }).catch(() => startCollector({ port: 0 }))
  api = await startPlaygroundApi({ latencyMs: [2, 10] })
}, 30_000)
afterAll(async () => {
  await api?.close()
  await collector?.close()
})

describe.each([
  ['wechat', 'mp-weixin'],
  ['alipay', 'mp-alipay'],
] as const)('uni-app demo on %s (%s build)', (platform, target) => {
  let dir: string

  beforeAll(async () => {
    dir = outDir(target, 'test')
    const ms = await buildTarget(target, { collector: collector.url, kind: 'test' })
    if (ms) console.log(`built ${target} for ${collector.url} in ${ms} ms`)
  }, 180_000)

  it('carries only the core host of its platform', () => {
    expect(coreHostsIn(dir)).toEqual([platform])
  })

  it('boots, runs the journey and reports errors and page performance with uni page paths', async () => {
    collector.reset()
    const { sim, dispose } = await runJourney({ platform, dir })
    try {
      const c = collector
      await c.waitFor(() => c.logs.length >= 6 && c.metrics.filter((m) => m.name === 'miniprogram.page_stay.duration').length >= 4, 10_000)
      await sim.idle(300)
      // The platform itself caught nothing: Vue caught its errors, and the monitor never throws.
      expect(sim.errors).toEqual([])

      const byType = (t: string) => c.logs.filter((l) => l.attributes['exception.type'] === t)
      const vue = c.logs.filter((l) => l.attributes['exception.source'] === 'vue')
      expect(vue.map((l) => [l.attributes['vue.component'], l.attributes['vue.hook'], l.attributes['miniprogram.page.path']])).toEqual([
        ['ErrorsPage', 'render function', 'pages/errors/errors'],
        ['ErrorsPage', 'native event handler', 'pages/errors/errors'],
      ])
      expect(vue[0].body).toMatch(/TypeError: .*map/)
      expect(vue[1].body).toMatch(/TypeError: .*items/)
      // Vue kept them from the platform's onError: no second report.
      expect(byType('js')).toHaveLength(2)
      expect(byType('promise').map((l) => [l.body, l.attributes['miniprogram.page.path']])).toEqual([
        ['Error: payment service timed out', 'pages/errors/errors'],
      ])
      expect(byType('pageNotFound').map((l) => [l.body, l.attributes['miniprogram.page.path']])).toEqual([
        ['page not found: pages/missing/missing', 'pages/errors/errors'],
      ])

      // Performance: launch, first render of each page, routes, time on page — all on uni's page paths.
      const names = new Set(c.metrics.map((m) => m.name))
      for (const n of ['miniprogram.app_launch.duration', 'miniprogram.first_render.duration', 'miniprogram.route.duration', 'miniprogram.page_stay.duration'])
        expect(names, n).toContain(n)
      const firstRender = c.metrics.filter((m) => m.name === 'miniprogram.first_render.duration').map((m) => m.attributes['miniprogram.page.path'])
      expect(new Set(firstRender)).toEqual(new Set(PAGES))
      // Time on page: home until covered, requests until closed, home again, errors until the app hid.
      expect(c.metrics.filter((m) => m.name === 'miniprogram.page_stay.duration').map((m) => m.attributes['miniprogram.page.path'])).toEqual([
        'pages/index/index',
        'pages/requests/requests',
        'pages/index/index',
        'pages/errors/errors',
      ])
      for (const m of c.metrics) expect(PAGES).toContain(m.attributes['miniprogram.page.path'])
      for (const l of c.logs) expect(PAGES).toContain(l.attributes['miniprogram.page.path'])
      expect(c.logs.every((l) => l.resource['miniprogram.platform'] === platform && l.resource['service.name'] === 'minimon-uni-demo')).toBe(true)
      // Every batch passes SkyWalking OAP's mini-program rules clean (info notes aside), and the collector
      // refused nothing: the page's deliberate 404 came from the app's own API server.
      expect(c.batches.filter((b) => !b.check.ok).flatMap((b) => b.check.issues)).toEqual([])
      expect(c.requests.filter((r) => r.status >= 400)).toEqual([])
      expect(api.received.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/items', '/api/orders/42']))
    } finally {
      dispose()
    }
  }, 60_000)

  // uni.request ×3 and uni.downloadFile ×1 on the requests page (the load on onLoad, a 404 from the app's API
  // server, an unreachable port, a download): each measured exactly once — core wraps the platform's functions
  // underneath uni's API, the adapter adds nothing.
  it('measures every uni.request / uni.downloadFile exactly once, failures as ajax errors', () => {
    const c = collector
    const requests = c.metrics.filter((m) => m.name === 'miniprogram.request.duration')
    expect(requests.reduce((n, m) => n + Number(m.count), 0)).toBe(4)
    expect(new Set(requests.map((m) => m.attributes['miniprogram.page.path']))).toEqual(new Set(['pages/requests/requests']))
    expect(requests.map((m) => m.attributes['url.path.group'])).toContain('/api/orders/{id}')
    const ajax = c.logs.filter((l) => l.attributes['exception.type'] === 'ajax')
    expect(ajax.map((l) => [l.attributes['http.response.status_code'] ?? 0, l.attributes['miniprogram.page.path']]).sort()).toEqual([
      [0, 'pages/requests/requests'],
      [404, 'pages/requests/requests'],
    ])
  })

  // The adapter records each tap from the invokers uni's runtime binds on the page (handler, #id, dataset keys,
  // never a value): the throwing handler's log shows the taps, navigations and requests that led to it.
  it('the error of a tap handler carries the taps, navigations and requests before it', () => {
    const log = collector.logs.find((l) => l.attributes['vue.hook'] === 'native event handler')!
    // (a handler's name as the production build left it: minified, so any name)
    const seen = (JSON.parse(String(log.attributes['minimon.breadcrumbs'])) as [number, string, string][]).map(
      ([, type, message]) => type + ' ' + message.replace(/^\S+ (?=#)/, '<handler> '),
    )
    // uni runs a tap's handler in a timer of its own (uni-mp-vue createInvoker: `setTimeout(invoke)` for bubbling
    // events), and the journey taps on at once: the taps after the throwing one may come before its error
    const taps = seen.filter((s) => s.startsWith('tap '))
    expect(taps.slice(0, taps.indexOf('tap <handler> #err-handler') + 1)).toEqual([
      'tap <handler> #open-requests',
      'tap <handler> #req-404 [order]',
      'tap <handler> #req-down',
      'tap <handler> #req-download',
      'tap <handler> #open-errors',
      'tap <handler> #err-render',
      'tap <handler> #err-handler',
    ])
    expect(seen).toContain('nav Load pages/index/index > pages/requests/requests')
    expect(seen).toContain('nav Show pages/requests/requests > pages/index/index')
    expect(seen).toContain('nav Load pages/index/index > pages/errors/errors')
    expect(seen.some((s) => /^request GET \/api\/orders\/\{id\} 404 \d+ms$/.test(s))).toBe(true)
    // the dataset's value (42) is in no tap (a breadcrumb's relative time or a duration may well be 42)
    expect(taps.join('\n')).not.toContain('42')
  })
})
