/**
 * @minimon/uni-app: the uni-app (Vue 3) adapter of minimon, for every mp-* build (mp-weixin, mp-alipay,
 * mp-toutiao, mp-lark, mp-baidu, mp-qq, mp-kuaishou, mp-jd, mp-xhs) and H5.
 *
 * @example
 * import { createSSRApp } from 'vue'
 * import { monitorPlugin } from '@minimon/uni-app'
 * export function createApp() {
 *   const app = createSSRApp(App)
 *   app.use(monitorPlugin, { service: 'shop', serviceVersion: '1.4.2', collector: 'https://oap.example.com:12800' })
 *   return { app }
 * }
 */
import { injectHook, type App, type ComponentInternalInstance, type ComponentPublicInstance } from 'vue'
import * as anyPlatform from '@minimon/core'
import type { LifecycleEvent, Monitor, MonitorOptions } from '@minimon/core'
import * as alipay from '@minimon/core/alipay'
import * as baidu from '@minimon/core/baidu'
import * as bytedance from '@minimon/core/bytedance'
import * as jd from '@minimon/core/jd'
import * as kuaishou from '@minimon/core/kuaishou'
import * as lark from '@minimon/core/lark'
import * as qq from '@minimon/core/qq'
import * as web from '@minimon/core/web'
import * as wechat from '@minimon/core/wechat'
import * as xiaohongshu from '@minimon/core/xiaohongshu'

export type { Monitor, MonitorOptions } from '@minimon/core'

declare module 'vue' {
  /** Exported by uni's Vue runtimes (uni-mp-vue, uni-h5-vue), which every uni-app build uses; uni's own lifecycle helpers call it. */
  export function injectHook(type: string, hook: () => void, target?: ComponentInternalInstance | null, prepend?: boolean): unknown
  interface ComponentCustomProperties {
    /** The running monitor (a no-op one until `init` ran). */
    $monitor: Monitor
  }
}

// Globals of every uni-app build: the compiler injects `uni` and `getCurrentPages` on mini programs, H5 defines them.
declare const uni: undefined | { addInterceptor?(method: string, interceptor: Record<string, (...args: any[]) => unknown>): void }
declare const getCurrentPages: undefined | (() => Record<string, any>[])

type Vm = ComponentPublicInstance & { $mpType?: string }

// Set by uni-app's build: the bundler folds the comparisons and keeps only the core entry of the platform the
// build targets, one host instead of all. Other targets detect the platform at runtime. An if / else-if chain
// that returns is the form Vite/rollup (+ terser), webpack + terser and esbuild all fold; a `switch` or an
// object indexed by the constant keeps every entry in some of them. DingTalk is an mp-alipay build: the
// Alipay entry reports `dingtalk` when `dd` is there.
declare const process: { env: { UNI_PLATFORM?: string } }
function platformEntry() {
  if (process.env.UNI_PLATFORM === 'mp-weixin') return wechat
  else if (process.env.UNI_PLATFORM === 'mp-alipay') return alipay
  else if (process.env.UNI_PLATFORM === 'mp-toutiao') return bytedance
  else if (process.env.UNI_PLATFORM === 'mp-lark') return lark
  else if (process.env.UNI_PLATFORM === 'mp-baidu') return baidu
  else if (process.env.UNI_PLATFORM === 'mp-qq') return qq
  else if (process.env.UNI_PLATFORM === 'mp-kuaishou') return kuaishou
  else if (process.env.UNI_PLATFORM === 'mp-jd') return jd
  else if (process.env.UNI_PLATFORM === 'mp-xhs') return xiaohongshu
  else if (process.env.UNI_PLATFORM === 'h5') return web
  else return anyPlatform
}
const { disabledMonitor, getMonitor, init, claimLifecycle } = platformEntry()

let started: Monitor | undefined
let intercepting = false

/** The monitor signals go to now: the one `init` made (by the plugin or by the app), else a no-op. */
const current = (): Monitor => getMonitor() || started || disabledMonitor

/**
 * The running monitor, for components (`useMonitor().captureError(e)`) and plain modules alike. Never
 * undefined: before `init` (or after bad options) it is a monitor whose methods do nothing.
 */
export const useMonitor: () => Monitor = current

// Vue's error info: a description in development builds ("mounted hook", "render function", "onLoad"), a
// reference URL ending in the error code in production builds (".../#runtime-m", "#runtime-1", "#runtime-onLoad").
// Codes 10, 11, 14 and the SSR / development-only hooks never reach an app's errorHandler in production.
const CODES =
  'setup function,render function,watcher getter,watcher callback,watcher cleanup function,native event handler,component event handler,vnode hook,directive hook,transition hook,,,ref function,async component loader'.split(
    ',',
  )
const HOOKS: Record<string, string> = {
  bc: 'beforeCreate',
  c: 'created',
  bm: 'beforeMount',
  m: 'mounted',
  bu: 'beforeUpdate',
  u: 'updated',
  bum: 'beforeUnmount',
  um: 'unmounted',
  ba: 'beforeActivate',
  a: 'activated',
  bda: 'beforeDeactivate',
  da: 'deactivated',
  ec: 'errorCaptured',
}

/** 'mounted hook', 'render function', 'onLoad hook', … from what Vue passes as `info`. */
export function vueHook(info: unknown): string {
  let s = String(info || '')
  const code = /#runtime-(\w+)$/.exec(s)
  if (code) s = CODES[code[1] as any] || HOOKS[code[1]] || code[1]
  return /^\w+$/.test(s) ? s + ' hook' : s
}

function componentName(vm: Vm | null | undefined): string {
  // On H5 an error in a slot or a tap surfaces in uni's built-in component (View, Button, …, marked
  // `__reserved`) that ran it; the app's component is the first one above.
  while (vm && (vm.$options as { __reserved?: boolean }).__reserved) vm = vm.$parent as Vm
  // (`__name`: the file name of a `<script setup>` component, in development and production builds alike)
  const o = vm && (vm.$options as Record<string, any>)
  return (o && (o.name || o.__name)) || ''
}

/**
 * Reports Vue errors (which never reach `wx.onError`/`my.onError`) and still runs the app's own
 * `app.config.errorHandler`, whether it was set before `app.use` or after it (uni's own included).
 */
function chainErrorHandler(config: App['config']) {
  let inner = config.errorHandler
  let busy = false
  const handler: NonNullable<App['config']['errorHandler']> = (err, vm, info) => {
    // uni's handler calls the one it replaced, which may be this one: run once per error.
    if (busy) return
    busy = true
    try {
      const a: Record<string, string> = { 'exception.source': 'vue' }
      const name = componentName(vm as Vm)
      const hook = vueHook(info)
      if (name) a['vue.component'] = name
      if (hook) a['vue.hook'] = hook
      current().captureError(err, a)
      if (inner) inner(err, vm, info)
    } finally {
      busy = false
    }
  }
  Object.defineProperty(config, 'errorHandler', {
    configurable: true,
    enumerable: true,
    get: () => handler,
    set(fn) {
      if (fn !== handler) inner = fn
    },
  })
}

/** The page route of a page component, from `getCurrentPages()` (mini programs and H5 alike). */
function routeOf(i: ComponentInternalInstance): string {
  try {
    // (no getCurrentPages throws here: no route)
    const p = getCurrentPages!().find((p) => p && (p.$ === i || (p.$vm && p.$vm.$ === i)))
    // (uni's H5 pages carry `route` as well: uni-h5 initPageVm)
    if (p) return p.route || p.__route__ || ''
  } catch (e) {
    // no route rather than an error in the app
  }
  return ''
}

/**
 * Taps as breadcrumbs (`tap`: the handler's name as the build left it, the element's `#id`, its dataset keys;
 * never a value). uni's `vOn` binds each template handler while rendering as an invoker on the mini-program
 * instance (`e0`, `e1_<key>`, … on `$scope`), which the platform calls; after each render the new ones are
 * wrapped here. uni patches a handler on re-render through the invoker's `value`: the wrapper holds it and
 * hands it over when called, and the invoker runs as it is (its `this`, arguments and result).
 */
function tapsOf(this: Vm) {
  const scope = (this as Record<string, any>).$scope
  try {
    for (const k in scope) {
      // (only the invokers are read; uni deletes one rather than leave it without a value)
      const invoker = /^e\d/.test(k) && scope[k]
      if (invoker && invoker.value && !invoker.__minimon) {
        const wrapper: Record<string, any> = (scope[k] = function (this: unknown, e: any) {
          try {
            // (uni compiles @click on an element to the platform's tap: uni-cli-shared formatMiniProgramEvent)
            if (e.type == 'tap') {
              const t = e.currentTarget || 0
              // (several handlers come as an array, which has no name)
              let m = wrapper.value.name || k
              const keys = Object.keys(t.dataset || 0) + ''
              if (t.id) m += ' #' + t.id
              if (keys) m += ' [' + keys + ']'
              current().addBreadcrumb({ type: 'tap', message: m })
            }
          } catch (x) {
            // never into the app
          }
          invoker.value = wrapper.value
          return invoker.apply(this, arguments)
        })
        wrapper.value = invoker.value
        wrapper.__minimon = 1
      }
    }
  } catch (e) {
    // an instance that cannot take the wrapper keeps its invokers
  }
}

/** Global mixin: the App and every page get uni lifecycle injections, ahead of the app's own hooks; taps are watched in every component. */
const lifecycleMixin = {
  mounted: tapsOf,
  updated: tapsOf,
  beforeCreate(this: Vm) {
    const i = this.$
    const type = this.$mpType || (this.$options as { mpType?: string }).mpType
    const page = type === 'page'
    if (!page && type !== 'app') return
    let route = ''
    // uni hook `on<X>` reports `page<X>` / `app<X>`
    ;(page ? 'Load,Show,Ready,Hide,Unload' : 'Launch,Show,Hide').split(',').forEach((x) => {
      injectHook(
        'on' + x,
        () => {
          if (page) route = routeOf(i) || route
          current().lifecycle(((page ? 'page' : 'app') + x) as LifecycleEvent, route)
        },
        i,
        true,
      )
    })
  },
}

const NAVIGATION = 'navigateTo,redirectTo,reLaunch,switchTab,navigateBack'.split(',')

/** Route starts (and failed navigations) through uni's interceptors, once per process. */
function interceptNavigation() {
  if (intercepting) return
  try {
    NAVIGATION.forEach((method) =>
      uni!.addInterceptor!(method, {
        invoke(args: { url?: string } | undefined) {
          current().lifecycle('routeStart', args && args.url)
        },
        fail(res: Record<string, unknown> | undefined, args: { url?: string } | undefined) {
          const m = current()
          // No page follows a failed navigation: a route start at time 0 means none is pending.
          m.lifecycle('routeStart', '', 0)
          try {
            const url = args!.url
            if (url && /not (be )?found|not exist/i.test((res!.errMsg || res!.errorMessage) as string))
              m.captureError('page not found: ' + url.replace(/^\/+|[?#].*$/g, ''), { 'exception.type': 'pageNotFound' })
          } catch (e) {
            // no arguments or result, an odd url or message (a symbol, an object without replace): never into uni's navigation
          }
        },
      }),
    )
    intercepting = true
  } catch (e) {
    // no uni, or no addInterceptor: nothing to intercept (yet)
  }
}

/**
 * `createSSRApp(App).use(monitorPlugin, options)`: starts the monitor (once; without options it uses the one
 * `init` made), reports Vue component errors, traces app, page and route lifecycles, and makes the monitor
 * available as `useMonitor()` and `this.$monitor`.
 */
export const monitorPlugin = {
  install(app: App, options?: MonitorOptions) {
    // the plugin's app and page reports are the one source of lifecycle: core's own App/Page wrappers stay silent
    claimLifecycle()
    // An H5 build is a web page even though uni gives it a `wx` object (uni's API under WeChat's names),
    // which would otherwise pass for WeChat.
    if (options) started = init(options.platform || typeof document != 'object' ? options : Object.assign({}, options, { platform: 'web' as const }))
    chainErrorHandler(app.config)
    app.mixin(lifecycleMixin)
    Object.defineProperty(app.config.globalProperties, '$monitor', { configurable: true, get: current })
    interceptNavigation()
  },
}

export default monitorPlugin
