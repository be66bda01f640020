import type { Attributes } from '../types'
import { SEND_TIMEOUT, type Host, type PerfEntry } from './host'
import { wrapWebRequests } from './web-requests'
import { resourceMessage, skywalkingBrowserExporter, type Timing } from '../exporters/skywalking-browser'
import { describe } from '../signals/errors'
import { utf8Length } from '../exporters/protobuf'
import { stripQuery } from '../util/url'
import { urlGroup } from '../signals/requests'

declare const window: any

type Any = any

/** Bytes per storage key: browsers give an origin about 5 MB of localStorage, shared with the app. */
const STORAGE_LIMIT = 2 * 1024 * 1024
/** `fetch(…, { keepalive: true })` bodies share a 64 KiB budget per page; larger ones go as plain fetch. */
const KEEPALIVE_MAX = 60 * 1024

/** `window`, where the running monitor is kept (see createApi). */
export const webScope = () => typeof window === 'object' && window

/**
 * The H5 host (Taro / uni-app H5 builds, any page): `fetch` for delivery, localStorage for persistence,
 * window events for errors and page visibility, the Performance API for timings, `fetch` and
 * `XMLHttpRequest` wrapped for request metrics and traces. Detected when there is a DOM window and no
 * mini-program global took precedence.
 */
export function webHost(): Host | undefined {
  const w: Any = typeof window === 'object' && window
  if (!w || !w.document || typeof w.fetch !== 'function' || typeof w.addEventListener !== 'function') return undefined
  const doc = w.document
  const perf = w.performance
  // the original fetch, taken before our wrapper exists: the monitor's own traffic is never observed
  const fetch = w.fetch
  const keepalive = !!w.Request && 'keepalive' in w.Request.prototype
  const hidden = () => doc.visibilityState === 'hidden'
  // set while the page goes away: pagehide comes before visibilityState turns hidden
  let leaving = false
  let beforeHide: (() => void) | undefined

  function listen(target: Any, types: string[], fn: (e: Any) => void, capture?: boolean): () => void {
    const safe = (e: Any) => {
      try {
        fn(e)
      } catch (err) {
        // a monitor bug must never reach the page
      }
    }
    for (const t of types) target.addEventListener(t, safe, capture)
    return () => types.forEach((t) => target.removeEventListener(t, safe, capture))
  }

  /** Calls `fn` once per change to hidden (`toHidden`) or back to visible: visibilitychange, pagehide, pageshow (bfcache). */
  function visibility(fn: () => void, toHidden: boolean): () => void {
    let was = hidden()
    const on = (e: { type: string }) => {
      const now = e.type === 'pagehide' || (e.type !== 'pageshow' && hidden())
      if (now === was) return
      was = leaving = now
      if (now !== toHidden) return
      try {
        if (now && beforeHide) beforeHide()
      } finally {
        fn()
      }
    }
    const off = listen(doc, ['visibilitychange'], on)
    const off2 = listen(w, ['pagehide', 'pageshow'], on)
    return () => {
      off()
      off2()
    }
  }

  /**
   * Route from the location: `#/pages/x/y?q` (hash router) → `pages/x/y`; else the path without its leading
   * slash; `index` at the root. Id-like segments become `{id}`, as in request groups: the page path is an
   * OAP endpoint and must stay bounded.
   */
  function page(): string {
    const l = w.location
    const hash = String(l.hash)
    const route = (hash.indexOf('#/') === 0 ? hash.slice(1) : String(l.pathname)).replace(/[?#].*$/, '').replace(/\/+$/, '')
    return urlGroup([], '', route).replace(/^\/+/, '') || 'index'
  }

  /** Navigation timing of this document, for records made since it started (`time` epoch ms). */
  function navigation(time: number): Timing | undefined {
    try {
      const origin = perf.timeOrigin || perf.timing.navigationStart
      if (time < origin) return undefined
      return (perf.getEntriesByType && perf.getEntriesByType('navigation')[0]) || perf.timing
    } catch (e) {
      return undefined
    }
  }

  return {
    name: 'web',
    storageLimit: STORAGE_LIMIT,
    // SkyWalking's `ajax` component (component-libraries.yml), as skywalking-client-js reports it
    componentId: 10001,
    send(o, done) {
      let called = false
      const finish = (status: number, headers: Record<string, string>) => {
        if (called) return
        called = true
        done(status, headers)
      }
      try {
        const small = (typeof o.body === 'string' ? utf8Length(o.body) : o.body.length) <= KEEPALIVE_MAX
        // the page is going away and fetch cannot outlive it: a beacon can (answer unknown: taken as accepted)
        if (small && !keepalive && (leaving || hidden()) && w.navigator.sendBeacon) {
          try {
            if (w.navigator.sendBeacon(o.url, new w.Blob([o.body], { type: o.contentType }))) return finish(202, {})
          } catch (e) {
            // a content type the beacon refuses: fetch below
          }
        }
        const abort = w.AbortController ? new w.AbortController() : undefined
        const timer = setTimeout(() => {
          if (abort) abort.abort()
          finish(0, {})
        }, SEND_TIMEOUT)
        fetch
          .call(w, o.url, {
            method: 'POST',
            body: o.body,
            headers: { 'content-type': o.contentType },
            keepalive: small,
            credentials: 'omit',
            signal: abort && abort.signal,
          })
          .then(
            (r: Any) => {
              clearTimeout(timer)
              const after = r.headers.get('retry-after')
              finish(r.status, after ? { 'retry-after': after } : {})
            },
            () => {
              clearTimeout(timer)
              finish(0, {})
            },
          )
      } catch (e) {
        finish(0, {})
      }
    },
    // storage failures (quota, blocked storage) throw into the store, which counts them
    getItem: (key) => w.localStorage.getItem(key) || '',
    setItem: (key, value) => w.localStorage.setItem(key, value),
    removeItem: (key) => w.localStorage.removeItem(key),
    onError: (fn: (message: string, stack: string, attributes?: Attributes) => void) =>
      listen(
        w,
        ['error'],
        (e) => {
          const t = e.target
          if (t && t !== w && t.tagName) {
            // a failed <img>/<script>/<link>… load: it does not bubble, hence the capture phase
            fn(resourceMessage(t.tagName, stripQuery(String(t.src || t.href || t.currentSrc || ''))), '', { 'exception.source': 'resource' })
            return
          }
          const error = e.error
          let stack = error && typeof error.stack === 'string' ? error.stack : ''
          // cross-origin scripts give "Script error." and no stack; the location still tells where
          if (!stack && e.filename) stack = '    at ' + stripQuery(e.filename) + ':' + e.lineno + ':' + e.colno
          fn(error != null ? describe(error) : String(e.message || 'Script error.').replace(/^Uncaught /, ''), stack)
        },
        true,
      ),
    onRejection: (fn) => listen(w, ['unhandledrejection'], (e) => fn(e.reason)),
    onPageNotFound: () => () => {},
    onHide: (fn) => visibility(fn, true),
    onShow: (fn) => visibility(fn, false),
    page,
    instrumentRequests: (hooks) => wrapWebRequests(w, hooks),
    // navigation timing covers launch; first render and routes come from the adapters' page lifecycle, as on
    // Alipay: the browser's paint timings exist for the document load only, not for the pages a single-page
    // app opens later
    perfCovers: ['miniprogram.app_launch.duration'],
    // the default of tracing.propagateTo: the page's own origin only (sw8 to another origin costs a CORS preflight)
    propagateTo: [w.location.protocol + '//' + w.location.host + '/'],
    exporter(cfg, resource) {
      return cfg.protocol === 'skywalking' ? skywalkingBrowserExporter(cfg, resource, navigation) : undefined
    },
    observePerformance(fn) {
      if (!perf) return undefined
      const path = page()
      const emit = (entryType: string, name: string, startTime: number, duration: number) =>
        fn([{ entryType, name, startTime, duration, path } as PerfEntry])
      let lcp = 0
      let launched = false
      let stopped = false
      const read = (list: Any[]) => {
        for (const e of list)
          if (e.name === 'first-contentful-paint') emit('render', 'firstContentfulPaint', e.startTime, e.startTime)
          else if (e.entryType === 'largest-contentful-paint' && lcp >= 0) lcp = e.startTime
      }
      const PO = w.PerformanceObserver
      let observer: Any
      try {
        observer = new PO((list: Any) => read(list.getEntries()))
        for (const type of ['paint', 'largest-contentful-paint'])
          if (!PO.supportedEntryTypes || PO.supportedEntryTypes.indexOf(type) >= 0) observer.observe({ type, buffered: true })
      } catch (e) {
        observer = undefined
      }
      // launch = navigation start → load event end, once known (DOMContentLoaded if hidden before load)
      const launch = (field: string) => {
        const n: Any = navigation(Date.now())
        const end = n && n[field] - (n.navigationStart || 0)
        if (!stopped && !launched && end > 0) {
          launched = true
          emit('navigation', 'appLaunch', 0, end)
        }
      }
      // LCP is final once the page is first hidden; sent then, before the pipeline persists
      beforeHide = () => {
        launch('domContentLoadedEventEnd')
        if (observer) read(observer.takeRecords())
        if (lcp > 0) emit('render', 'largestContentfulPaint', lcp, lcp)
        lcp = -1
      }
      const loaded = () => setTimeout(() => launch('loadEventEnd'), 0)
      const off = listen(w, ['load'], loaded)
      if (doc.readyState === 'complete') loaded()
      return () => {
        stopped = true
        off()
        if (observer) observer.disconnect()
        beforeHide = undefined
      }
    },
    appVersion: () => '',
  }
}
