import type { LifecycleEvent, Monitor, MonitorOptions } from '@minimon/core'

declare const wx: Obj | undefined
declare const my: Obj | undefined
declare const getCurrentPages: undefined | (() => unknown[])
declare const Page: unknown
declare const console: { warn(message: string): void }

type Obj = Record<string, any>

/** The two functions of a `@minimon/core` entry point the adapter needs. */
export interface CoreApi {
  init(options: MonitorOptions): Monitor
  getMonitor(): Monitor | undefined
}

/** What `monitorApp` and `patchGlobals` take: options to start the monitor with, or a monitor already started. */
export type MonitorSource = MonitorOptions | Monitor

/** The functions of `@minimon/native`. */
export interface NativeAdapter {
  /**
   * Starts the monitor (from options, or adopts a started one) and returns `options` with `onLaunch`, `onShow`
   * and `onHide` wrapped to report the app lifecycle: `App(monitorApp({ … }, { service, collector }))`.
   */
  monitorApp<T extends object>(options: T, monitor?: MonitorSource): T
  /** Returns `options` with the page lifecycle methods wrapped: `Page(monitorPage({ … }))`. */
  monitorPage<T extends object>(options: T): T
  /**
   * Returns `options` with the hooks of a page built with `Component()` wrapped: `methods.onLoad` … `onUnload`,
   * `pageLifetimes.show/hide`, `lifetimes.ready/detached`. Components that are not pages report nothing.
   */
  monitorComponent<T extends object>(options: T): T
  /**
   * Replaces the global `App`, `Page` and `Component` (on `target`, default the global object) so that every
   * registration is monitored; starts the monitor when given options. Call it in app.js before `App()`.
   * Returns a function that puts the originals back.
   */
  patchGlobals(monitor?: MonitorSource, target?: object): () => void
}

// A wrapper carries this mark so that wrapping twice (the same options object passed twice) is a no-op.
const MARK = '__minimon'
const LOADED = 1
const SHOWN = 2
const READY = 4
const GONE = 8
type PageEvent = 'load' | 'show' | 'ready' | 'hide' | 'unload'
const PAGE_HOOKS: [string, PageEvent][] = [
  ['onLoad', 'load'],
  ['onShow', 'show'],
  ['onReady', 'ready'],
  ['onHide', 'hide'],
  ['onUnload', 'unload'],
]
const NAVIGATION = ['navigateTo', 'redirectTo', 'navigateBack', 'switchTab', 'reLaunch']

/**
 * Wraps `obj[key]` so that `before(this)` runs first; the original then runs with the same `this` and
 * arguments, and its return value and any throw pass through unchanged (the platform reports the throw to
 * its onError, which the monitor hooks: the wrapper never reports it a second time). `add`: also define the
 * hook when the object has none.
 */
function hook(obj: Obj, key: string, before: (self: Obj) => void, add: boolean): void {
  const original = obj[key]
  // WeChat lets `lifetimes` name a method instead of holding a function
  if (original ? (typeof original !== 'function' && typeof original !== 'string') || original[MARK] : !add) return
  const wrapper = function (this: Obj) {
    try {
      before(this)
    } catch (e) {
      // never into the app
    }
    const fn = typeof original === 'string' ? this[original] : original
    if (typeof fn === 'function') return fn.apply(this, arguments)
  }
  ;(wrapper as Obj)[MARK] = 1
  obj[key] = wrapper
}

const routeOf = (page: Obj): string => (page && (page.route || page.__route__)) || ''

export function createNative(core: CoreApi): NativeAdapter {
  let current: Monitor | undefined
  // Per page instance: which lifecycle moments were reported (several hooks may announce the same one).
  const states = new WeakMap<object, number>()
  // Route timing: the last navigation call not yet arrived, and the last page that left by hiding/unloading.
  let navigatedAt = 0
  let leftAt = 0
  let left: object | undefined

  const report = (event: LifecycleEvent, route?: string, time?: number) => {
    const m = current || core.getMonitor()
    if (m) m.lifecycle(event, route, time)
  }

  /**
   * One page lifecycle moment. A page's first load (or show) is its arrival: the navigation that led there
   * started at the last navigation call, or else (navigator taps, the system back button, tab bar taps)
   * when the previous page left. The arrival reports pageLoad and pageShow together — the platforms call
   * onLoad and onShow back to back — so that what onLoad does (requests, a throw) already carries the new
   * page's path; the onShow that follows is then no new moment.
   */
  function track(page: Obj, event: PageEvent): void {
    let s = states.get(page) || 0
    if (s & GONE) return
    const route = routeOf(page)
    const now = Date.now()
    const start = navigatedAt || leftAt
    let arrived = false
    if (!(s & LOADED)) {
      if (event !== 'load' && event !== 'show') return
      s |= LOADED | SHOWN
      arrived = true
      if (start) report('routeStart', route, start)
      report('pageLoad', route, now)
      report('pageShow', route, now)
    } else if (event === 'show' && !(s & SHOWN)) {
      s |= SHOWN
      arrived = true
      // shown again: a navigation back (or to a kept tab page) when another page left or was asked to;
      // the same page coming back with the app is no route
      if (start && left !== page) report('routeStart', route, start)
      report('pageShow', route, now)
    } else if (event === 'ready' && !(s & READY)) {
      s |= READY
      report('pageReady', route, now)
    } else if ((event === 'hide' && s & SHOWN) || event === 'unload') {
      s = event === 'hide' ? s & ~SHOWN : GONE
      leftAt = now
      left = page
      report(event === 'hide' ? 'pageHide' : 'pageUnload', route, now)
    }
    if (arrived) {
      navigatedAt = leftAt = 0
      left = undefined
    }
    states.set(page, s)
  }

  /** A component instance is a page when it is one we saw loading, or it is on the page stack. */
  function isPage(self: Obj): boolean {
    if (states.has(self)) return true
    const pages = typeof getCurrentPages === 'function' ? getCurrentPages() : undefined
    return !!pages && pages.indexOf(self) >= 0
  }

  /** A navigation to a page that does not exist fails without any onPageNotFound: report it as one. */
  function failed(token: number, url: unknown, res: Obj) {
    try {
      if (navigatedAt === token) navigatedAt = 0
      const why = String((res && (res.errMsg || res.errorMessage || res.message)) || '')
      const m = current || core.getMonitor()
      if (m && typeof url === 'string' && /not (be )?found|not exist/i.test(why)) {
        m.captureError('page not found: ' + url.replace(/^\/+/, '').replace(/[?#].*$/, ''), { 'exception.type': 'pageNotFound' })
      }
    } catch (e) {
      // never into the app
    }
  }

  /** Wraps the five navigation functions of `wx` / `my`: a route starts when one is called. */
  function wrapNavigation(api: Obj | undefined): void {
    if (!api || typeof api !== 'object') return
    for (const name of NAVIGATION) {
      const original = api[name]
      if (typeof original !== 'function' || original[MARK]) continue
      const wrapper = function (this: unknown, options: Obj) {
        const token = (navigatedAt = Date.now())
        let args: ArrayLike<unknown> = arguments
        let promised = false
        let url: unknown
        try {
          url = options.url
          const fail = options.fail
          if (typeof options.success === 'function' || typeof fail === 'function' || typeof options.complete === 'function') {
            // a copy: the app's options object is never changed; its callbacks run once, as before
            const o: Obj = {}
            for (const k in options) o[k] = options[k]
            o.fail = function (this: unknown, res: Obj) {
              failed(token, url, res)
              if (typeof fail === 'function') return fail.apply(this, arguments)
            }
            args = [o].concat([].slice.call(arguments, 1))
          } else promised = true
        } catch (e) {
          // no options object: the call goes through untouched
        }
        const result = original.apply(this, args)
        // promise style: the app gets a promise settled like the original (an uncaught failure stays uncaught)
        return promised && result && typeof result.then === 'function'
          ? result.then(undefined, (e: Obj) => {
              failed(token, url, e)
              throw e
            })
          : result
      }
      ;(wrapper as Obj)[MARK] = 1
      try {
        Object.defineProperty(api, name, { value: wrapper, configurable: true, writable: true, enumerable: true })
      } catch (e) {
        // a locked API object: routes are then timed from the page events alone
      }
    }
  }

  function start(monitor?: MonitorSource): void {
    try {
      if (monitor) current = typeof (monitor as Monitor).lifecycle === 'function' ? (monitor as Monitor) : core.init(monitor as MonitorOptions)
      wrapNavigation(typeof wx === 'object' ? wx : undefined)
      wrapNavigation(typeof my === 'object' ? my : undefined)
    } catch (e) {
      // never into the app
    }
  }

  function monitorApp<T extends object>(options: T, monitor?: MonitorSource): T {
    start(monitor)
    try {
      const o = options as Obj
      hook(o, 'onLaunch', () => {
        navigatedAt = leftAt = 0
        left = undefined
        report('appLaunch')
      }, true)
      hook(o, 'onShow', () => report('appShow'), true)
      hook(o, 'onHide', () => {
        // the page that just hid went to the background with the app: no route starts there
        navigatedAt = leftAt = 0
        left = undefined
        report('appHide')
      }, true)
    } catch (e) {
      // frozen options: the app runs unmonitored rather than broken
    }
    return options
  }

  function monitorPage<T extends object>(options: T): T {
    start()
    try {
      for (const [name, event] of PAGE_HOOKS) hook(options as Obj, name, (self) => track(self, event), true)
    } catch (e) {
      // frozen options
    }
    return options
  }

  function monitorComponent<T extends object>(options: T): T {
    start()
    try {
      const o = options as Obj
      // Component-built pages take the page hooks in `methods`. Only wrapped, never added: an added method
      // would hide a behavior's method of the same name.
      if (o.methods) for (const [name, event] of PAGE_HOOKS) hook(o.methods, name, (self) => track(self, event), false)
      // Hooks every definition runs (behaviors' too), for pages that leave the `on…` methods out.
      const onPage = (event: PageEvent) => (self: Obj) => {
        if (isPage(self)) track(self, event)
      }
      const pageLifetimes = o.pageLifetimes || (o.pageLifetimes = {})
      hook(pageLifetimes, 'show', onPage('show'), true)
      hook(pageLifetimes, 'hide', onPage('hide'), true)
      for (const [name, event] of [['ready', 'ready'], ['detached', 'unload']] as [string, PageEvent][]) {
        // `lifetimes.x` wins over a top-level `x`: wrap whichever the platform will call
        const holder = o.lifetimes && o.lifetimes[name] ? o.lifetimes : o[name] ? o : o.lifetimes || (o.lifetimes = {})
        hook(holder, name, onPage(event), true)
      }
    } catch (e) {
      // frozen options
    }
    return options
  }

  function patchGlobals(monitor?: MonitorSource, target?: object): () => void {
    start(monitor)
    const g = (target || (typeof globalThis === 'object' ? globalThis : {})) as Obj
    const wrap = { App: monitorApp, Page: monitorPage, Component: monitorComponent } as Record<string, (o: Obj) => Obj>
    const saved: Obj = {}
    for (const name in wrap) {
      const original = g[name]
      if (typeof original !== 'function' || original[MARK]) continue
      const patched = function (this: unknown, options: Obj) {
        if (options && typeof options === 'object') wrap[name](options)
        return original.apply(this, arguments)
      }
      ;(patched as Obj)[MARK] = 1
      try {
        g[name] = patched
        saved[name] = original
      } catch (e) {
        // not writable here: use the explicit wrappers
      }
    }
    // Where the runtime hands Page to modules as a variable of their own, replacing the global is not seen
    if (!target && typeof Page === 'function' && !(Page as Obj)[MARK] && typeof console === 'object') {
      console.warn('[minimon] patchGlobals: this runtime keeps its own Page(); use monitorPage()')
    }
    return () => {
      for (const name in saved) if (g[name] && g[name][MARK]) g[name] = saved[name]
    }
  }

  return { monitorApp, monitorPage, monitorComponent, patchGlobals }
}
