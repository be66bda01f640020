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
// Page hook `on<X>` reports `page<X>`.
const PAGE_HOOKS = ['Load', 'Show', 'Ready', 'Hide', 'Unload']
const NAVIGATION = ['navigateTo', 'redirectTo', 'navigateBack', 'switchTab', 'reLaunch']

const isFunction = (f: unknown): f is Function => typeof f == 'function'

const mark = <F>(f: F): F => (((f as Obj)[MARK] = 1), f)

/**
 * Wraps `obj[key]` so that `before(this, arguments)` runs first; the original then runs with the same `this`
 * and arguments (`before` may replace them in `arguments`), and its return value — passed through what
 * `before` returned, when that is a function — and any throw pass through unchanged (the platform reports the
 * throw to its onError, which the monitor hooks: the wrapper never reports it a second time). `add`: also
 * define the hook when the object has none. Never throws: frozen options stay unmonitored rather than broken.
 */
function hook(obj: Obj, key: string, before: (self: Obj, args: IArguments) => unknown, add?: boolean): void {
  try {
    const original = obj[key]
    // WeChat lets `lifetimes` name a method instead of holding a function
    if (original ? !(isFunction(original) || typeof original == 'string') || original[MARK] : !add) return
    // defined, not assigned: the platforms' API objects hold read-only properties
    Object.defineProperty(obj, key, {
      value: mark(function (this: Obj) {
        let after
        try {
          after = before(this, arguments)
        } catch (e) {
          // never into the app
        }
        const fn = typeof original == 'string' ? this[original] : original
        if (isFunction(fn)) {
          const result = fn.apply(this, arguments)
          return isFunction(after) ? after(result) : result
        }
      }),
      configurable: true,
      writable: true,
      enumerable: true,
    })
  } catch (e) {
    // no object, or a frozen one
  }
}

export function createNative(core: CoreApi): NativeAdapter {
  let current: Monitor | undefined
  // Per page instance: which lifecycle moments were reported (several hooks may announce the same one).
  const states = new WeakMap<object, Record<string, number>>()
  // Route timing: the last navigation call not yet arrived, and the last page that left by hiding/unloading.
  let navigatedAt = 0
  let leftAt = 0
  let left: unknown

  const report = (event: string, route?: string, time?: number) => {
    const m = current || core.getMonitor()
    if (m) m.lifecycle(event as LifecycleEvent, route, time)
  }

  /**
   * The hook of page lifecycle moment `hookOf` (of PAGE_HOOKS); `check`: only for a component instance that is
   * a page. A page's first load (or show) is its arrival: the navigation that led there started at the last
   * navigation call, or else (navigator taps, the system back button, tab bar taps) when the previous page
   * left. The arrival reports pageLoad and pageShow together — the platforms call onLoad and onShow back to
   * back — so that what onLoad does (requests, a throw) already carries the new page's path; the onShow that
   * follows is then no new moment. Each page keeps which moments it is in (Show and Hide exclude each other;
   * nothing follows Unload), so each is reported once.
   */
  const onPage = (hookOf: string, check?: boolean) => (page: Obj) => {
    let x = hookOf
    const state = states.get(page) || {}
    const arrival = x == 'Load' || x == 'Show'
    // before its load, only the page's arrival counts; a component instance is a page when it is one we saw
    // loading, or it is on the page stack (inside the hook's try: no getCurrentPages, or none, is no page)
    if (state[x] || state.Unload || !(arrival || state.Load) || (check && !state.Load && getCurrentPages!().indexOf(page) < 0)) return
    states.set(page, state)
    // (a page here is an object: the WeakMap took it; no route is the current page, to core)
    const route: string | undefined = page.route || page.__route__
    const now = Date.now()
    const start = navigatedAt || leftAt
    if (arrival) {
      // shown again: a navigation back (or to a kept tab page) when another page left or was asked to;
      // the same page coming back with the app is no route
      if (start && left !== page) report('routeStart', route, start)
      if (!state.Load) report('pageLoad', route, now)
      state.Load = 1
      state.Hide = 0
      x = 'Show'
      // arrived: no route is pending
      navigatedAt = leftAt = left = 0
    } else if (x != 'Ready') {
      state.Show = 0
      leftAt = now
      left = page
    }
    state[x] = 1
    report('page' + x, route, now)
  }

  function start(source?: MonitorSource): void {
    try {
      if (source) current = isFunction((source as Monitor).lifecycle) ? (source as Monitor) : core.init(source as MonitorOptions)
      // The five navigation functions of `wx` / `my`: a route starts when one is called.
      for (const api of [() => wx, () => my])
        for (const name of NAVIGATION)
          try {
            hook(api()!, name, (self, args) => {
              const token = (navigatedAt = Date.now())
              // A navigation to a page that does not exist fails without any onPageNotFound: report it as one.
              const failed = (res: Obj) => {
                try {
                  if (navigatedAt === token) navigatedAt = 0
                  // (no result, no monitor, or a url that is no string throws here, and is no report)
                  if (/not (be )?found|not exist/i.test(res.errMsg || res.errorMessage || res.message))
                    (current || core.getMonitor())!.captureError('page not found: ' + url.replace(/^\/+|[?#].*$/g, ''), { 'exception.type': 'pageNotFound' })
                } catch (e) {
                  // never into the app
                }
              }
              // (no options object throws here: the call goes through untouched)
              const options = args[0]
              const url = options.url
              const fail = options.fail
              if (isFunction(options.success) || isFunction(fail) || isFunction(options.complete)) {
                // a copy: the app's options object is never changed; its callbacks run once, as before
                const o: Obj = {}
                for (const k in options) o[k] = options[k]
                o.fail = function (this: unknown, res: Obj) {
                  failed(res)
                  if (isFunction(fail)) return fail.apply(this, arguments)
                }
                args[0] = o
              } else
                // promise style: the app gets a promise settled like the original (an uncaught failure stays uncaught)
                return (result: Obj) =>
                  result && isFunction(result.then)
                    ? result.then(undefined, (e: Obj) => {
                        failed(e)
                        throw e
                      })
                    : result
            })
          } catch (e) {
            // no `wx` / `my`; a locked API object stays unwrapped (routes are then timed from the page events alone)
          }
    } catch (e) {
      // never into the app
    }
  }

  function monitorApp<T extends object>(options: T, source?: MonitorSource): T {
    start(source)
    // on launch, and when the page that just hid went to the background with the app, no route is pending
    for (const x of ['Launch', 'Show', 'Hide'])
      hook(options as Obj, 'on' + x, () => {
        if (x != 'Show') navigatedAt = leftAt = left = 0
        report('app' + x)
      }, true)
    return options
  }

  function monitorPage<T extends object>(options: T): T {
    start()
    for (const x of PAGE_HOOKS) hook(options as Obj, 'on' + x, onPage(x), true)
    return options
  }

  function monitorComponent<T extends object>(options: T): T {
    start()
    try {
      const o = options as Obj
      // Component-built pages take the page hooks in `methods`. Only wrapped, never added: an added method
      // would hide a behavior's method of the same name.
      for (const x of PAGE_HOOKS) hook(o.methods || {}, 'on' + x, onPage(x))
      // Hooks every definition runs (behaviors' too), for pages that leave the `on…` methods out.
      const pageLifetimes = o.pageLifetimes || (o.pageLifetimes = {})
      const lifetimes = o.lifetimes || {}
      hook(pageLifetimes, 'show', onPage('Show', true), true)
      hook(pageLifetimes, 'hide', onPage('Hide', true), true)
      for (const [name, x] of [['ready', 'Ready'], ['detached', 'Unload']])
        // `lifetimes.x` wins over a top-level `x`: wrap whichever the platform will call
        hook(!lifetimes[name] && o[name] ? o : (o.lifetimes = lifetimes), name, onPage(x, true), true)
    } catch (e) {
      // no options object, or a frozen one
    }
    return options
  }

  function patchGlobals(source?: MonitorSource, target?: object): () => void {
    start(source)
    const g = (target || (typeof globalThis == 'object' ? globalThis : {})) as Obj
    const wrap = { App: monitorApp, Page: monitorPage, Component: monitorComponent } as Record<string, (o: Obj) => Obj>
    const saved: Obj = {}
    for (const name in wrap)
      try {
        // what the undo puts back, if still ours then
        saved[name] = g[name]
        hook(g, name, (self, args) => {
          // (the wrappers never throw: with no options object the call goes through as it was)
          wrap[name](args[0])
        })
      } catch (e) {
        // not writable here: use the explicit wrappers
      }
    // Where the runtime hands Page to modules as a variable of their own, replacing the global is not seen
    try {
      if (!target && !(Page as Obj)[MARK]) console.warn('[minimon] patchGlobals: this runtime keeps its own Page(); use monitorPage()')
    } catch (e) {
      // no Page, or no console: nothing to say
    }
    return () => {
      for (const name in saved) if ((g[name] || 0)[MARK]) g[name] = saved[name]
    }
  }

  return { monitorApp, monitorPage, monitorComponent, patchGlobals }
}
