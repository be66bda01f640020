// Vue errors never reach wx.onError / my.onError: the plugin reports them through app.config.errorHandler,
// with the component and the lifecycle hook, and keeps the app's own handler (set before or after) working.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { App } from 'vue'
import { bootUni, type Modules, type UniApp } from './harness'
import { vueHook } from '../src/index'

let u: UniApp | undefined
afterEach(async () => {
  await u?.close()
  u = undefined
  vi.restoreAllMocks()
})

const INDEX = 'pages/index/index'

/** What the test flips on the index page: `broken` makes OrderList throw while rendering, `chart` mounts SalesChart. */
let controls: { broken: { value: boolean }; chart: { value: boolean } }

/** An index page with an OrderList child that throws while rendering and a chart that throws when mounted. */
function pages({ vue, uniApp }: Modules) {
  const { h, ref, defineComponent } = vue
  const OrderList = defineComponent({
    name: 'OrderList',
    props: { broken: Boolean },
    setup: (props) => () => {
      if (props.broken) throw new TypeError('orders is undefined')
      return h('ul')
    },
  })
  const Chart = defineComponent({
    name: 'SalesChart',
    mounted() {
      throw new Error('canvas context lost')
    },
    render: () => h('canvas'),
  })
  const Index = defineComponent({
    name: 'IndexPage',
    setup() {
      const broken = ref(false)
      const chart = ref(false)
      controls = { broken, chart }
      return () => h('div', [h(OrderList, { broken: broken.value }), chart.value ? h(Chart) : null])
    },
  })
  const Broken = defineComponent({
    __name: 'broken',
    setup() {
      uniApp.onLoad(() => {
        throw new RangeError('query id out of range')
      })
      return () => h('div')
    },
  })
  return { [INDEX]: Index, 'pages/broken/broken': Broken }
}

const vueLogs = (u: UniApp) => u.collector.logs.filter((l) => l.attributes['exception.source'] === 'vue')

async function flushed(u: UniApp, n: number) {
  await u.core.flush()
  await u.collector.waitFor((c) => c.logs.filter((l) => l.attributes['exception.source'] === 'vue').length >= n, 3000)
}

describe.each(['wechat', 'alipay'] as const)('Vue errors on %s', (platform) => {
  it('reports a render error and a mounted-hook error with the component name, the hook and the current page, once each', async () => {
    u = await bootUni(platform, { pages })
    await u.launch()
    controls.broken.value = true
    controls.chart.value = true
    await u.vue.nextTick()
    await flushed(u, 2)
    const logs = vueLogs(u)
    expect(logs.map((l) => [l.body, l.attributes['vue.component'], l.attributes['vue.hook'], l.attributes['miniprogram.page.path']])).toEqual([
      ['TypeError: orders is undefined', 'OrderList', 'render function', INDEX],
      ['Error: canvas context lost', 'SalesChart', 'mounted hook', INDEX],
    ])
    expect(logs.every((l) => l.attributes['exception.type'] === 'js' && String(l.attributes['exception.stacktrace']).includes('errors.test'))).toBe(true)
    // Vue swallowed them: the platform's onError never saw them, so nothing is reported twice.
    expect(u.sim.errors).toEqual([])
    expect(u.collector.logs).toHaveLength(2)
  })

  it("reports an error thrown in a uni page hook (onLoad from '@dcloudio/uni-app') with that hook", async () => {
    u = await bootUni(platform, { pages })
    await u.launch()
    await u.uni.navigateTo({ url: '/pages/broken/broken?id=-1' })
    await u.sim.idle(10)
    await flushed(u, 1)
    const [log] = vueLogs(u)
    expect(log.body).toBe('RangeError: query id out of range')
    expect(log.attributes['vue.component']).toBe('broken')
    expect(log.attributes['vue.hook']).toBe('onLoad hook')
    // the page is current from its onLoad on: the error belongs to the page that threw it
    expect(log.attributes['miniprogram.page.path']).toBe('pages/broken/broken')
  })

  it('keeps the handler the app set before app.use and the one it sets after, and reports the error once', async () => {
    const before = vi.fn()
    const after = vi.fn()
    let app!: App
    u = await bootUni(platform, {
      pages,
      beforeUse: (a) => {
        a.config.errorHandler = before
      },
      afterUse: (a) => {
        app = a
      },
    })
    await u.launch()
    controls.broken.value = true
    await u.vue.nextTick()
    expect(before).toHaveBeenCalledTimes(1)
    expect(before.mock.calls[0][0]).toBeInstanceOf(TypeError)
    expect(before.mock.calls[0][2]).toBe('render function')
    // Set after the plugin: replaces the earlier handler, as plain Vue does, and still runs behind the monitor.
    app.config.errorHandler = after
    expect(typeof app.config.errorHandler).toBe('function')
    controls.broken.value = false
    await u.vue.nextTick()
    controls.broken.value = true
    await u.vue.nextTick()
    expect(after).toHaveBeenCalledTimes(1)
    expect(before).toHaveBeenCalledTimes(1)
    await flushed(u, 1)
    // The same error twice on the same page folds into one record with a count.
    expect(vueLogs(u)).toHaveLength(1)
  })

  it.each(['before', 'after'] as const)(
    "chains uni's own errorHandler (which calls the handler it replaced), set %s app.use, without a loop",
    async (order) => {
      const appOnError = vi.fn()
      // uni's createErrorHandler (uni-h5 / uni-mp-vue): remembers the handler present when it is made, calls
      // it, then the App's onError hooks. Mini programs set it in createSSRApp (before app.use), H5 may set it later.
      const uniErrorHandler = (app: App) => {
        const user = app.config.errorHandler
        return (err: unknown, vm: unknown, info: string) => {
          if (user) user(err, vm as never, info)
          appOnError(err)
        }
      }
      const set = (a: App) => {
        a.config.errorHandler = uniErrorHandler(a)
      }
      u = await bootUni(platform, { pages, ...(order === 'before' ? { beforeUse: set } : { afterUse: set }) })
      await u.launch()
      controls.broken.value = true
      await u.vue.nextTick()
      expect(appOnError).toHaveBeenCalledTimes(1)
      await flushed(u, 1)
      expect(vueLogs(u)).toHaveLength(1)
    },
  )

  it('reports an error of a component event handler (a tap), including a rejected async handler, once', async () => {
    u = await bootUni(platform, { pages })
    await u.launch()
    const { mount } = await import('@vue/test-utils')
    const { h, defineComponent } = u.vue
    const Button = defineComponent({
      name: 'PayButton',
      setup: () => () =>
        h('div', [
          h('button', {
            class: 'sync',
            onClick: () => {
              throw new Error('pay failed')
            },
          }),
          h('button', { class: 'async', onClick: async () => Promise.reject(new Error('pay rejected')) }),
        ]),
    })
    const w = mount(Button, { global: { plugins: [u.adapter.monitorPlugin] } })
    await w.find('.sync').trigger('click')
    await w.find('.async').trigger('click')
    await new Promise((r) => setTimeout(r, 20))
    await flushed(u, 2)
    expect(vueLogs(u).map((l) => [l.body, l.attributes['vue.component'], l.attributes['vue.hook']])).toEqual([
      ['Error: pay failed', 'PayButton', 'native event handler'],
      ['Error: pay rejected', 'PayButton', 'native event handler'],
    ])
    // Vue handled the rejection: it is not also an unhandled rejection.
    expect(u.collector.logs.filter((l) => l.attributes['exception.type'] === 'promise')).toEqual([])
    w.unmount()
  })
})

describe("the component an error is reported for on H5, where uni's built-in components run slots and taps", () => {
  it('is the first app component above a built-in one (marked __reserved, like View and Button)', async () => {
    u = await bootUni('wechat', { pages: { [INDEX]: { render: () => null } } })
    await u.launch()
    const { mount } = await import('@vue/test-utils')
    const { h, defineComponent, ref, nextTick } = u.vue
    // uni-h5's defineBuiltInComponent marks its components `__reserved`.
    const View = defineComponent({
      name: 'View',
      __reserved: true,
      setup: (_: unknown, { slots }: { slots: { default?: () => unknown } }) => () => h('div', slots.default?.() as never),
    } as never)
    const empty = ref(false)
    const Cart = defineComponent({
      name: 'CartPage',
      setup: () => () =>
        h(View, null, {
          default: () => {
            if (empty.value) throw new Error('cart items missing')
            return 'items'
          },
        }),
    })
    mount(Cart, { global: { plugins: [u.adapter.monitorPlugin] } })
    empty.value = true
    await nextTick()
    await flushed(u, 1)
    expect(vueLogs(u).map((l) => [l.attributes['vue.component'], l.attributes['vue.hook']])).toEqual([['CartPage', 'render function']])
  })
})

describe('vueHook', () => {
  it("names the hook from Vue's development descriptions and production codes alike", () => {
    expect(vueHook('mounted hook')).toBe('mounted hook')
    expect(vueHook('render function')).toBe('render function')
    expect(vueHook('onLoad')).toBe('onLoad hook')
    expect(vueHook('https://vuejs.org/error-reference/#runtime-m')).toBe('mounted hook')
    expect(vueHook('https://vuejs.org/error-reference/#runtime-u')).toBe('updated hook')
    expect(vueHook('https://vuejs.org/error-reference/#runtime-1')).toBe('render function')
    expect(vueHook('https://vuejs.org/error-reference/#runtime-5')).toBe('native event handler')
    expect(vueHook('https://vuejs.org/error-reference/#runtime-onShow')).toBe('onShow hook')
    expect(vueHook(undefined)).toBe('')
  })
})
