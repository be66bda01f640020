import type { LifecycleEvent } from '../types'

// The registration globals, read and replaced by their bare names: resolved exactly as the app's own files
// resolve them (a global read when called, on WeChat and Alipay alike; see docs/configuration.md), without looking
// for the global object (`new Function('return this')` is refused on some runtimes, Alipay has no globalThis).
declare let App: unknown
declare let Page: unknown
declare let Component: unknown
declare const getApp: unknown

type Obj = Record<string, any>
type Report = (event: LifecycleEvent, route?: string) => void
type Registrar = (options: Obj) => unknown

// `on<X>` reports `<kind><X>`: onLoad → pageLoad, onLaunch → appLaunch
const PAGE = ['Load', 'Show', 'Ready', 'Hide', 'Unload']
const APP = ['Launch']
// marks a hook already reporting: the same options registered twice, or hooks @minimon/native wrapped (it marks
// them alike), so each hook reports once, from whichever wrapper came first
const MARK = '__minimon'

/**
 * A registrar that makes the hooks `on<X>` (X of `names`) of what it registers report first — on the options,
 * or on what `hooksOf` finds in them — and passes everything on. The app's own hook then runs with its
 * `this`, arguments and result; a hook the app lacks is added.
 */
function registrar(original: Registrar, report: Report, kind: string, names: string[], hooksOf = (o: Obj) => o): Registrar {
  return function (this: unknown, options: Obj) {
    const target = options && typeof options == 'object' && hooksOf(options)
    if (target)
      for (const x of names)
        try {
          const own = target['on' + x]
          if (own ? typeof own != 'function' || own[MARK] : 0) continue
          const wrapped = (target['on' + x] = function (this: Obj) {
            try {
              // (platforms call hooks on the instance; without one this throws, and nothing is reported)
              report((kind + x) as LifecycleEvent, this.route || this.__route__)
            } catch (e) {
              // never into the app
            }
            if (own) return own.apply(this, arguments)
          })
          ;(wrapped as Obj)[MARK] = 1
        } catch (e) {
          // frozen options stay unmonitored rather than broken
        }
    return original.apply(this, arguments as unknown as [Obj])
  }
}

/**
 * Replaces the global `App`, `Page` and `Component` with registrars that hook the lifecycle of what they
 * register: `App` only while no app is registered yet, `Component` only for pages built with it (their
 * `methods` hold `onLoad`). Says through `missing` what cannot be seen. Returns the teardown, which puts
 * back each global that is still ours.
 */
export function wrapRegistration(report: Report, missing: (what: string) => void): () => void {
  const page = typeof Page == 'function' ? (Page as Registrar) : undefined
  const app = typeof App == 'function' ? (App as Registrar) : undefined
  const component = typeof Component == 'function' ? (Component as Registrar) : undefined
  let launched: unknown
  try {
    launched = typeof getApp == 'function' && getApp()
  } catch (e) {
    // no app yet, on a runtime that throws for it
  }
  const ours = [
    page && registrar(page, report, 'page', PAGE),
    !launched && app && registrar(app, report, 'app', APP),
    component && registrar(component, report, 'page', PAGE, (o) => o.methods && o.methods.onLoad && o.methods),
  ]
  try {
    if (ours[0]) Page = ours[0]
    if (ours[1]) App = ours[1]
    if (ours[2]) Component = ours[2]
  } catch (e) {
    // read-only globals: nothing is wrapped
    ours.length = 0
  }
  // (said in debug; docs/configuration.md, "Lifecycle without an adapter", has the whole story)
  if (!ours[0]) missing('Page not wrapped: no page lifecycle')
  else if (launched) missing('init after App(): launch and earlier pages unmeasured')
  return () => {
    try {
      if (ours[0] && Page === ours[0]) Page = page
      if (ours[1] && App === ours[1]) App = app
      if (ours[2] && Component === ours[2]) Component = component
    } catch (e) {
      // never into the app
    }
  }
}
