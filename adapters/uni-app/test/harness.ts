// Runs a uni-app (Vue 3) app the way uni's mini-program runtime does, inside @minimon/sim, against the local
// collector. Everything here is real except the thin glue uni's compiler and runtime put between a page
// component and the platform (`uni.mp.esm.js`: the App/Page registration that forwards each platform lifecycle
// to the page's Vue hooks with `$callHook`), reproduced in a few lines:
//   - Vue is uni's own runtime (@dcloudio/uni-h5-vue, aliased in vitest.config.ts); hooks are uni's;
//   - `uni` is uni's real mini-program API of the platform (@dcloudio/uni-mp-weixin / uni-mp-alipay
//     `uni.api.esm.js`), with its real interceptors, calling the sim's `wx` / `my`;
//   - `wx` / `my`, `getCurrentPages`, the page stack and lifecycle order, HTTP: @minimon/sim;
//   - the monitor is @minimon/core's source; the signals are decoded by @minimon/collector.
// Every boot starts from fresh modules (vi.resetModules), because uni's API binds the `wx` it finds at import.
import { startCollector, type Collector } from '@minimon/collector'
import { createSim } from '@minimon/sim'
import { vi } from 'vitest'
import type { App, Component, ComponentPublicInstance } from 'vue'
import type { Monitor, MonitorOptions } from '@minimon/core'

export type Platform = 'wechat' | 'alipay'
type Sim = ReturnType<typeof createSim>
type Vm = ComponentPublicInstance & { $: Record<string, any> }
type Mp = Record<string, any>

export interface UniApp {
  platform: Platform
  sim: Sim
  collector: Collector
  /** uni's real API object of the platform. */
  uni: any
  vue: typeof import('vue')
  uniApp: typeof import('@dcloudio/uni-app')
  adapter: typeof import('../src/index')
  core: typeof import('@minimon/core')
  app: App
  /** Every `monitor.lifecycle` call as [event, route]. */
  lifecycle: [string, string | undefined][]
  /** Launches the app on the sim (App onLaunch → entry page). */
  launch(path?: string): Promise<void>
  /** The Vue instance of the page on top of the stack. */
  pageVm(): Vm
  close(): Promise<void>
}

export interface Modules {
  vue: typeof import('vue')
  uniApp: typeof import('@dcloudio/uni-app')
}

export interface BootOptions {
  /** Options of `app.use(monitorPlugin, options)`; `false` uses the plugin without options. */
  options?: Partial<MonitorOptions> | false
  /** route → page component; a function receives the freshly loaded `vue` and `@dcloudio/uni-app` modules. */
  pages: Record<string, Component> | ((m: Modules) => Record<string, Component>)
  /** The App component (uni marks it `mpType: 'app'`). */
  appComponent?: Component | ((m: Modules) => Component)
  /** Runs between `createSSRApp` and `app.use(monitorPlugin)`. */
  beforeUse?(app: App): void
  /** Runs right after `app.use(monitorPlugin)`. */
  afterUse?(app: App): void
  collector?: Collector
  /** Tab bar page routes. */
  tabBar?: string[]
}

/** uni's `$callHook`: runs the hooks registered on the instance under that name. */
export function callHook(vm: Vm | undefined, name: string, arg?: unknown): void {
  const hooks = vm && (vm.$[name] as ((a?: unknown) => void)[] | undefined)
  if (hooks) hooks.forEach((h) => h(arg))
}

export async function bootUni(platform: Platform, o: BootOptions): Promise<UniApp> {
  vi.resetModules()
  const collector = o.collector ?? (await startCollector({ port: 0 }))
  const sim = createSim({ platform, suspendAfterMs: 400 })
  const uninstall = sim.install()
  const uni = (
    platform === 'wechat' ? await import('@dcloudio/uni-mp-weixin/dist/uni.api.esm.js') : await import('@dcloudio/uni-mp-alipay/dist/uni.api.esm.js')
  ).default
  ;(globalThis as any).uni = uni
  // uni.mp.esm.js (uni's mp-alipay page runtime, not loaded here) gives `my` the EventChannel class its API uses.
  if (platform === 'alipay') sim.api.EventChannel = (await import('@dcloudio/uni-shared')).EventChannel
  const vue = await import('vue')
  const uniApp = await import('@dcloudio/uni-app')
  const adapter = await import('../src/index')
  const core = await import('@minimon/core')

  // uni's createSSRApp (on mini programs, createApp): the root component is the App, marked mpType 'app'.
  const appComp = typeof o.appComponent === 'function' ? (o.appComponent as (m: Modules) => Component)({ vue, uniApp }) : o.appComponent
  const AppComponent = { ...(appComp ?? { render: () => null }), mpType: 'app' }
  const app = vue.createApp(AppComponent)
  o.beforeUse?.(app)
  const lifecycle: [string, string | undefined][] = []
  if (o.options === false) app.use(adapter.monitorPlugin)
  else app.use(adapter.monitorPlugin, { service: 'uni-shop', serviceVersion: '2.0.0', collector: collector.url, flushInterval: 60_000, platform, ...o.options })
  o.afterUse?.(app)
  const monitor = core.getMonitor()
  if (monitor) {
    const real = monitor.lifecycle
    monitor.lifecycle = (event, route, time) => {
      lifecycle.push([event, route])
      real(event, route, time)
    }
  }
  // uni mounts the App component before App() is registered; App's onLaunch then calls its hooks.
  const appVm = app.mount(document.createElement('div')) as Vm

  /** uni's $createComponent for a page: the instance knows it is a page (and its mp instance) before setup. */
  function createPageVm(comp: Component, mp: Mp): Vm {
    const c = comp as Record<string, any>
    const page = {
      ...c,
      setup(props: unknown, ctx: unknown) {
        const ctxObj = (vue.getCurrentInstance() as unknown as { ctx: Record<string, unknown> }).ctx
        ctxObj.$mpType = 'page'
        ctxObj.$scope = mp
        return c.setup ? c.setup(props, ctx) : undefined
      },
    }
    const vnode = vue.createVNode(page)
    vnode.appContext = app._context
    const el = document.createElement('div')
    vue.render(vnode, el)
    mp.__el = el
    return vnode.component!.proxy as Vm
  }
  const destroy = (mp: Mp) => mp.__el && vue.render(null, mp.__el)

  const wechatPage = (comp: Component): Mp => ({
    lifetimes: {
      attached(this: Mp) {
        this.$vm = createPageVm(comp, this)
      },
      ready(this: Mp) {
        callHook(this.$vm, 'onReady')
      },
      detached(this: Mp) {
        destroy(this)
      },
    },
    methods: {
      onLoad(this: Mp, query: unknown) {
        callHook(this.$vm, 'onLoad', query)
      },
      onShow(this: Mp) {
        callHook(this.$vm, 'onShow')
      },
      onHide(this: Mp) {
        callHook(this.$vm, 'onHide')
      },
      onUnload(this: Mp) {
        callHook(this.$vm, 'onUnload')
      },
    },
  })
  const alipayPage = (comp: Component): Mp => ({
    onLoad(this: Mp, query: unknown) {
      this.$vm = createPageVm(comp, this)
      callHook(this.$vm, 'onLoad', query)
    },
    onShow(this: Mp) {
      callHook(this.$vm, 'onShow')
    },
    onReady(this: Mp) {
      callHook(this.$vm, 'onReady')
    },
    onHide(this: Mp) {
      callHook(this.$vm, 'onHide')
    },
    onUnload(this: Mp) {
      callHook(this.$vm, 'onUnload')
      destroy(this)
    },
  })
  const appOptions = {
    onLaunch: (opts: unknown) => callHook(appVm, 'onLaunch', opts),
    onShow: (opts: unknown) => callHook(appVm, 'onShow', opts),
    onHide: () => callHook(appVm, 'onHide'),
  }
  const pages: Record<string, Mp> = {}
  const components = typeof o.pages === 'function' ? o.pages({ vue, uniApp }) : o.pages
  for (const [route, comp] of Object.entries(components)) pages[route] = platform === 'wechat' ? wechatPage(comp) : alipayPage(comp)

  return {
    platform,
    sim,
    collector,
    uni,
    vue,
    uniApp,
    adapter,
    core,
    app,
    lifecycle,
    async launch(path) {
      await sim.launch({
        app: platform === 'wechat' ? { app: appOptions, componentPages: pages, tabBar: o.tabBar } : { app: appOptions, pages, tabBar: o.tabBar },
        path,
      })
    },
    pageVm: () => sim.currentPage()!.$vm as Vm,
    async close() {
      await core.shutdown()
      sim.kill()
      uninstall()
      delete (globalThis as any).uni
      if (!o.collector) await collector.close()
    },
  }
}

/** A page component that renders nothing and records what its own hooks saw. */
export function pageComponent(name: string, extra: Record<string, unknown> = {}): Component {
  return { name, render: () => null, ...extra }
}

export type { Monitor }
