// The wrappers inside the simulated WeChat and Alipay runtimes, with the real core and the local collector:
// a throw goes through the platform's onError path exactly as on devices, and must arrive exactly once.
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { startCollector, type Collector } from '@minimon/collector'
import { createSim, type Sim } from '@minimon/sim'
import { flush, init, shutdown, type Monitor } from '@minimon/core'
import { monitorApp, monitorComponent, monitorPage } from '../src/index'

type Obj = Record<string, any>
type Platform = 'wechat' | 'alipay'

let cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

async function boot(platform: Platform, pages: Record<string, Obj>, componentPages: Record<string, Obj> = {}, simOptions: Obj = {}) {
  const collector = await startCollector({ port: 0 })
  const sim = createSim({ platform, ...simOptions })
  const uninstall = sim.install()
  const seen: string[] = []
  const real = init({ service: 'native-test', serviceVersion: '1.0.0', collector: collector.url, flushInterval: 60_000 })
  // the real monitor, with every lifecycle report written down on the way
  const spy: Monitor = { ...real, lifecycle: (e, r, t) => (seen.push(r ? `${e} ${r}` : e), real.lifecycle(e, r, t)) }
  const appCalls: string[] = []
  const app = monitorApp(
    {
      onLaunch() {
        appCalls.push('onLaunch')
      },
    },
    spy,
  )
  cleanup.push(async () => {
    await shutdown()
    uninstall()
    sim.kill()
    await collector.close()
  })
  await sim.launch({ app: { app, pages, componentPages } })
  return { collector, sim, seen, appCalls }
}

/** Flushes until the collector has what `check` wants (gauges from the performance API come a little later). */
async function until(c: Collector, check: () => boolean, timeout = 5000) {
  const end = Date.now() + timeout
  while (!check()) {
    if (Date.now() > end) throw new Error('not received in time:\n' + c.summary())
    await flush()
    await sleep(50)
  }
}

const errorsWith = (c: Collector, text: string) => c.logs.filter((l) => String(l.body).includes(text))

async function delivered(c: Collector, text: string) {
  await until(c, () => errorsWith(c, text).length > 0)
  // anything reported twice would be in the same flush, or the next one
  await flush()
  const logs = errorsWith(c, text)
  // a second report of the same error would be folded into the first while queued: count it too
  return logs.flatMap((l) => Array.from({ length: Number(l.attributes['exception.count'] ?? 1) }, () => l))
}

for (const platform of ['wechat', 'alipay'] as Platform[]) {
  describe(`in the ${platform} sim`, () => {
    it('a throwing event handler is reported once, with its page, and still throws as before', async () => {
      const boom = new Error(`tap boom on ${platform}`)
      const { collector, sim } = await boot(platform, {
        'pages/index/index': monitorPage({
          onBuy() {
            throw boom
          },
        }),
      })
      await sim.tap('onBuy')
      // the platform caught exactly the thrown object, as it would without the wrapper
      expect(sim.errors).toEqual([boom])
      const logs = await delivered(collector, 'tap boom')
      expect(logs).toHaveLength(1)
      expect(logs[0].attributes['exception.type']).toBe('js')
      expect(logs[0].attributes['miniprogram.page.path']).toBe('pages/index/index')
      expect(logs[0].body).toContain(`tap boom on ${platform}`)
    })

    it('a throwing onLoad of a page opened later is reported once, with that page, and the page still opens', async () => {
      const boom = new Error(`onLoad boom on ${platform}`)
      const order: string[] = []
      const { collector, sim } = await boot(platform, {
        'pages/index/index': monitorPage({}),
        'pages/detail/detail': monitorPage({
          onLoad() {
            order.push('onLoad')
            throw boom
          },
          onShow() {
            order.push('onShow')
          },
          onReady() {
            order.push('onReady')
          },
        }),
      })
      await sim.navigateTo('/pages/detail/detail?id=1')
      expect(order).toEqual(['onLoad', 'onShow', 'onReady'])
      expect(sim.errors).toEqual([boom])
      const logs = await delivered(collector, 'onLoad boom')
      expect(logs).toHaveLength(1)
      expect(logs[0].attributes['miniprogram.page.path']).toBe('pages/detail/detail')
    })

    it('a throwing lifecycle method and event handler of a Component-built page are reported once and still throw', async () => {
      const boom = new Error(`component tap boom on ${platform}`)
      const shown = new Error(`component onShow boom on ${platform}`)
      const { collector, sim } = await boot(
        platform,
        { 'pages/index/index': monitorPage({}) },
        {
          'pages/comp/comp': monitorComponent({
            methods: {
              onShow() {
                throw shown
              },
              onSave() {
                throw boom
              },
            },
          }),
        },
      )
      await sim.navigateTo('/pages/comp/comp')
      await sim.tap('onSave')
      expect(sim.errors).toEqual([shown, boom])
      for (const text of ['component onShow boom', 'component tap boom']) {
        const logs = await delivered(collector, text)
        expect(logs).toHaveLength(1)
        expect(logs[0].attributes['miniprogram.page.path']).toBe('pages/comp/comp')
      }
    })

    it('user methods keep this, arguments and return values; the lifecycle is reported in order for Page and Component pages', async () => {
      const seenThis: Obj = {}
      const { sim, seen, appCalls } = await boot(
        platform,
        {
          'pages/index/index': monitorPage({
            data: { n: 1 },
            onLoad(this: Obj, q: Obj) {
              seenThis.index = this
              seenThis.query = q
              return 'ignored by the platform'
            },
            add(this: Obj, e: Obj) {
              this.setData({ n: this.data.n + e.detail.by })
              return this.data.n
            },
          }),
        },
        {
          'pages/comp/comp': monitorComponent({
            properties: { id: String },
            methods: {
              onLoad(this: Obj) {
                seenThis.comp = this
              },
            },
          }),
        },
      )
      expect(appCalls).toEqual(['onLaunch'])
      expect(seenThis.index).toBe(sim.currentPage())
      await sim.tap('add', { by: 2 })
      expect(sim.currentPage()!.data.n).toBe(3)
      expect(sim.currentPage()!.add({ detail: { by: 1 } })).toBe(4)
      await sim.navigateTo('/pages/comp/comp?id=7')
      expect(seenThis.comp).toBe(sim.currentPage())
      expect(sim.currentPage()!.data.id).toBe('7')
      await sim.navigateBack()
      await sim.hide()
      await sim.show()
      expect(seen).toEqual([
        'appLaunch',
        'appShow',
        'pageLoad pages/index/index',
        'pageShow pages/index/index',
        'pageReady pages/index/index',
        'pageHide pages/index/index',
        'routeStart pages/comp/comp',
        'pageLoad pages/comp/comp',
        'pageShow pages/comp/comp',
        'pageReady pages/comp/comp',
        'pageUnload pages/comp/comp',
        'routeStart pages/index/index',
        'pageShow pages/index/index',
        'pageHide pages/index/index',
        'appHide',
        'appShow',
        'pageShow pages/index/index',
      ])
    })

    it('launch, first render and route gauges arrive with their pages', async () => {
      const { collector, sim } = await boot(platform, { 'pages/index/index': monitorPage({}), 'pages/b/b': monitorPage({}) }, {
        'pages/comp/comp': monitorComponent({}),
      })
      await sim.navigateTo('/pages/b/b')
      await sim.navigateTo('/pages/comp/comp')
      await sim.navigateBack()
      const gauge = (name: string, page: string) =>
        collector.metrics.some((m) => m.name === name && m.attributes['miniprogram.page.path'] === page && m.resource['miniprogram.platform'] === platform)
      await until(collector, () => gauge('miniprogram.route.duration', 'pages/comp/comp') && gauge('miniprogram.first_render.duration', 'pages/comp/comp'))
      expect(gauge('miniprogram.app_launch.duration', 'pages/index/index')).toBe(true)
      for (const p of ['pages/index/index', 'pages/b/b', 'pages/comp/comp']) expect(gauge('miniprogram.first_render.duration', p)).toBe(true)
      expect(gauge('miniprogram.route.duration', 'pages/b/b')).toBe(true)
      if (platform === 'alipay') {
        // no performance API: the gauges come from the lifecycle the wrappers report; the route back to b
        // ends when b shows again
        await until(collector, () => collector.metrics.filter((m) => m.name === 'miniprogram.route.duration').length >= 3)
      }
      expect(collector.batches.every((b) => b.check.issues.every((i) => i.severity !== 'error'))).toBe(true)
    })

    it('a link to a missing page is reported once as pageNotFound; the app still gets its fail callback', async () => {
      const fails: Obj[] = []
      const { collector, sim } = await boot(platform, {
        'pages/index/index': monitorPage({
          openMissing() {
            const api = platform === 'wechat' ? (globalThis as Obj).wx : (globalThis as Obj).my
            api.navigateTo({ url: '/pages/missing/index', fail: (r: Obj) => fails.push(r) })
          },
        }),
      })
      await sim.tap('openMissing')
      await sim.idle()
      expect(fails).toHaveLength(1)
      const logs = await delivered(collector, 'page not found')
      expect(logs).toHaveLength(1)
      expect(logs[0].attributes['exception.type']).toBe('pageNotFound')
      expect(logs[0].body).toBe('page not found: pages/missing/index')
      expect(logs[0].attributes['miniprogram.page.path']).toBe('pages/index/index')
    })
  })
}

describe('in the wechat sim without wx.getPerformance', () => {
  it('gauges come from the lifecycle the wrappers report', async () => {
    const { collector, sim } = await boot('wechat', { 'pages/index/index': monitorPage({}), 'pages/b/b': monitorPage({}) }, {}, { performance: false })
    await sim.navigateTo('/pages/b/b')
    const gauge = (name: string, page: string) => collector.metrics.find((m) => m.name === name && m.attributes['miniprogram.page.path'] === page)
    await until(collector, () => !!gauge('miniprogram.route.duration', 'pages/b/b'))
    expect(gauge('miniprogram.app_launch.duration', 'pages/index/index')).toBeTruthy()
    expect(gauge('miniprogram.first_render.duration', 'pages/b/b')!.value).toBeGreaterThanOrEqual(0)
  })
})

describe('the one-platform entries', () => {
  it('@minimon/native/alipay with @minimon/core/alipay: the wrappers start and use that core', async () => {
    const core = await import('@minimon/core/alipay')
    const native = await import('../src/alipay')
    const collector = await startCollector({ port: 0 })
    const sim = createSim({ platform: 'alipay' })
    const uninstall = sim.install()
    cleanup.push(async () => {
      await core.shutdown()
      uninstall()
      sim.kill()
      await collector.close()
    })
    const app = native.monitorApp({}, { service: 'native-alipay-only', collector: collector.url, flushInterval: 60_000 })
    expect(native.getMonitor()?.platform).toBe('alipay')
    await sim.launch({ app: { app, pages: { 'pages/index/index': native.monitorPage({ go() { throw new Error('alipay-only boom') } }) } } })
    await sim.tap('go')
    const until = Date.now() + 5000
    while (!collector.logs.length || !collector.metrics.some((m) => m.name === 'miniprogram.first_render.duration')) {
      if (Date.now() > until) throw new Error(collector.summary())
      await core.flush()
      await sleep(50)
    }
    expect(collector.logs.map((l) => l.body)).toEqual(['Error: alipay-only boom'])
    expect(collector.metrics.find((m) => m.name === 'miniprogram.app_launch.duration')!.attributes['miniprogram.page.path']).toBe('pages/index/index')
  })
})
