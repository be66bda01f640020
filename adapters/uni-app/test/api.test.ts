// The plugin's public surface: starting the monitor once, useMonitor(), this.$monitor, bad options, no `uni`.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { bootUni, pageComponent, type Modules, type UniApp } from './harness'

let u: UniApp | undefined
afterEach(async () => {
  await u?.close()
  u = undefined
  vi.restoreAllMocks()
})

const INDEX = 'pages/index/index'

describe('monitorPlugin', () => {
  it('gives components the running monitor through useMonitor() and this.$monitor', async () => {
    const seen: Record<string, unknown> = {}
    const pages = ({ vue, uniApp }: Modules) => ({
      [INDEX]: vue.defineComponent({
        name: 'Index',
        setup() {
          // The adapter module of this boot (modules are fresh per boot).
          seen.setup = u!.adapter.useMonitor()
          const self = vue.getCurrentInstance()!.proxy!
          uniApp.onReady(() => {
            seen.property = self.$monitor
            self.$monitor.captureError(new Error('reported by a component'), { 'order.id': 42 })
          })
          return () => null
        },
      }),
    })
    u = await bootUni('wechat', { pages })
    await u.launch()
    const monitor = u.core.getMonitor()!
    expect(monitor.enabled).toBe(true)
    expect(seen.setup).toBe(monitor)
    expect(seen.property).toBe(monitor)
    expect(u.adapter.useMonitor()).toBe(monitor)
    await monitor.flush()
    await u.collector.waitFor((c) => c.logs.length === 1)
    const [log] = u.collector.logs
    expect(log.body).toBe('Error: reported by a component')
    expect(log.attributes['order.id']).toBe(42)
    expect(log.attributes['miniprogram.page.path']).toBe(INDEX)
  })

  it('starts the monitor once: a second app with other options gets the same monitor and no second set of interceptors', async () => {
    u = await bootUni('alipay', { pages: { [INDEX]: pageComponent('Index'), 'pages/b/b': pageComponent('B') } })
    const first = u.core.getMonitor()!
    const other = u.vue.createApp({ render: () => null })
    other.use(u.adapter.monitorPlugin, { service: 'another', collector: 'http://127.0.0.1:1' })
    expect(u.core.getMonitor()).toBe(first)
    expect(other.config.globalProperties.$monitor).toBe(first)
    await u.launch()
    await u.uni.navigateTo({ url: '/pages/b/b' })
    await u.sim.idle(10)
    expect(u.lifecycle.filter(([e]) => e === 'routeStart')).toHaveLength(1)
  })

  it('without options uses the monitor the app starts with init(), before or after app.use', async () => {
    u = await bootUni('wechat', { options: false, pages: { [INDEX]: pageComponent('Index') } })
    expect(u.core.getMonitor()).toBeUndefined()
    expect(u.adapter.useMonitor().enabled).toBe(false)
    expect(u.app.config.globalProperties.$monitor.enabled).toBe(false)
    const monitor = u.core.init({ service: 'uni-shop', collector: u.collector.url, flushInterval: 60_000 })
    const lifecycle = vi.spyOn(monitor, 'lifecycle')
    expect(u.adapter.useMonitor()).toBe(monitor)
    expect(u.app.config.globalProperties.$monitor).toBe(monitor)
    await u.launch()
    expect(lifecycle.mock.calls.map((c) => c.slice(0, 2))).toEqual([
      ['appLaunch', ''],
      ['appShow', ''],
      ['pageLoad', INDEX],
      ['pageShow', INDEX],
      ['pageReady', INDEX],
    ])
  })

  it('with bad options prints one clear error and the app runs unmonitored', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    u = await bootUni('wechat', { options: { collector: 'oap.example.com' }, pages: { [INDEX]: pageComponent('Index') } })
    expect(error).toHaveBeenCalledTimes(1)
    expect(String(error.mock.calls[0][0])).toMatch(/invalid option `collector`: "oap.example.com"/)
    const m = u.adapter.useMonitor()
    expect(m.enabled).toBe(false)
    await u.launch()
    await u.uni.navigateTo({ url: '/pages/index/index?again=1' }).catch(() => {})
    m.captureError(new Error('nowhere to go'))
    await u.sim.idle(10)
    expect(u.sim.errors).toEqual([])
    expect(u.collector.requests).toEqual([])
  })

  it('installs where there is no `uni` global: lifecycle still traced, route starts not', async () => {
    u = await bootUni('wechat', { pages: { [INDEX]: pageComponent('Index') }, beforeUse: () => delete (globalThis as { uni?: unknown }).uni })
    await u.launch()
    await u.sim.navigateTo('/pages/index/index?x=1')
    await u.sim.idle(10)
    expect(u.lifecycle.map(([e]) => e)).toEqual(['appLaunch', 'appShow', 'pageLoad', 'pageShow', 'pageReady', 'pageHide', 'pageLoad', 'pageShow', 'pageReady'])
  })

  it('leaves components that are neither the App nor a page alone', async () => {
    const pages = ({ vue }: Modules) => {
      const Child = vue.defineComponent({ name: 'Child', render: () => vue.h('span') })
      return { [INDEX]: vue.defineComponent({ name: 'Index', render: () => vue.h('div', [vue.h(Child), vue.h(Child)]) }) }
    }
    u = await bootUni('alipay', { pages })
    await u.launch()
    const inst = u.pageVm().$ as unknown as { subTree: { children: { component: Record<string, unknown> }[] } }
    const child = inst.subTree.children[0].component
    expect(child.onShow).toBeUndefined()
    expect(child.onLoad).toBeUndefined()
    expect(u.lifecycle).toHaveLength(5)
  })
})
