import type { Platform } from '../types'
import { SEND_TIMEOUT, type Host, type PerfEntry, type SendCallback, type SendOptions } from './host'
import { wrapRequests } from '../signals/requests'
import { wrapRegistration } from './registration'

declare const getCurrentPages: undefined | (() => { route?: string; __route__?: string }[])

type Api = Record<string, any>

/**
 * The parts in which WeChat and Alipay differ; everything else is shared below. The other platforms are
 * WeChat-shaped or Alipay-shaped: their hosts reuse one of those quirk objects (see shapes.ts).
 */
export interface MiniProgramQuirks {
  name: Platform
  storageLimit: number
  headerField: 'header' | 'headers'
  componentId: number
  getItem(api: Api, key: string): unknown
  setItem(api: Api, key: string, value: string): void
  removeItem(api: Api, key: string): void
  /** Subscribes to the platform's global error event, normalised to (message, stack). */
  errorListener(listener: (message: string, stack: string) => void): (...args: any[]) => void
}

/** Subscribes `fn`, guarded, with `api.onX` when the platform has it; the teardown calls `api.offX`. */
function subscribe(api: Api, event: string, listener: (a?: any, b?: any) => void): () => void {
  const on = api['on' + event]
  if (typeof on !== 'function') return () => {}
  const fn = guard(listener)
  on.call(api, fn)
  return () => {
    const off = api['off' + event]
    if (typeof off === 'function') off.call(api, fn)
  }
}

/** Platform events carry at most two arguments: passed on without collecting them in an array. */
export function guard(fn: (a?: any, b?: any) => void): (a?: any, b?: any) => void {
  return (a, b) => {
    try {
      fn(a, b)
    } catch (e) {
      // a monitor bug must never reach the app
    }
  }
}

export function currentRoute(): string {
  if (typeof getCurrentPages !== 'function') return ''
  try {
    const pages = getCurrentPages()
    // (an empty stack before launch: index -1 would be a slow named lookup)
    const top = pages && pages.length > 0 && pages[pages.length - 1]
    const route = top && (top.route || top.__route__)
    // (platforms give it without a leading slash; the monitor normalises it once per route change)
    return route ? String(route) : ''
  } catch (e) {
    return ''
  }
}

/**
 * The host of a mini-program platform on its global `api` (when that is there and can send requests, else
 * undefined). `as`: another platform's name when `api` belongs to a platform that runs this one's code
 * (DingTalk's `my`, QQ's `wx`): it reports its own name and the generic component id.
 */
export function miniProgramHost(api: Api | false | undefined, q: MiniProgramQuirks, as?: Platform | false): Host | undefined {
  // Captured before any wrapping: the exporter's own traffic is never observed. (DingTalk has only `httpRequest`.)
  const request = api && (api.request || api.httpRequest)
  if (!api || typeof request !== 'function') return undefined
  return {
    name: as || q.name,
    storageLimit: q.storageLimit,
    componentId: as ? 10001 : q.componentId,
    // (`httpRequest`: Alipay's older request, still the only one in DingTalk; a platform without it is skipped)
    instrumentRequests: (hooks) => wrapRequests(api, ['request', 'httpRequest', 'downloadFile', 'uploadFile'], q.headerField, hooks),
    send(o: SendOptions, done: SendCallback) {
      let called = false
      // the answer, once: success and fail alike (a fail may carry a status, or nothing at all)
      const finish = (r?: Api) => {
        if (called) return
        called = true
        done((r && (r.statusCode || r.status)) || 0, (r && (r.header || r.headers)) || {})
      }
      try {
        request.call(api, {
          url: o.url,
          method: 'POST',
          // (a protobuf body is a whole ArrayBuffer's view: see encode)
          data: typeof o.body === 'string' ? o.body : o.body.buffer,
          [q.headerField]: { 'content-type': o.contentType },
          timeout: SEND_TIMEOUT,
          dataType: 'text',
          responseType: 'text',
          success: finish,
          fail: finish,
        })
      } catch (e) {
        finish()
      }
    },
    getItem(key) {
      const v = q.getItem(api, key)
      return typeof v === 'string' ? v : ''
    },
    setItem: (key, value) => q.setItem(api, key, value),
    removeItem: (key) => q.removeItem(api, key),
    onError: (fn) => subscribe(api, 'Error', q.errorListener(fn)),
    onRejection: (fn) => subscribe(api, 'UnhandledRejection', (r: Api) => fn(r && 'reason' in r ? r.reason : r)),
    onPageNotFound: (fn) => subscribe(api, 'PageNotFound', (r: Api) => fn(String((r && r.path) || ''))),
    onHide: (fn) => subscribe(api, 'AppHide', fn),
    onShow: (fn) => subscribe(api, 'AppShow', fn),
    page: currentRoute,
    wrapLifecycle: wrapRegistration,
    appVersion() {
      try {
        const info = api.getAccountInfoSync && api.getAccountInfoSync()
        const mp = info && info.miniProgram
        return (mp && (mp.version || mp.envVersion)) || ''
      } catch (e) {
        return ''
      }
    },
    observePerformance:
      typeof api.getPerformance === 'function'
        ? (fn: (entries: PerfEntry[]) => void) => {
            const perf = api.getPerformance()
            if (!perf || typeof perf.createObserver !== 'function') return undefined
            const read = guard((list: PerfEntry[]) => fn(list || []))
            if (typeof perf.getEntries === 'function') read(perf.getEntries())
            const observer = perf.createObserver((list: Api) => read(list.getEntries()))
            observer.observe({ entryTypes: ['navigation', 'render', 'script', 'loadPackage'] })
            return () => observer.disconnect()
          }
        : undefined,
  }
}
