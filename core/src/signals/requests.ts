import type { Attributes, RequestEvent } from '../types'
import { BOUNDS, type HistogramPoint } from '../exporters/otlp'
import { eventId } from '../util/ids'
import type { Config, UrlGroupRule } from '../config'
import { matchesUrl, parseUrl, stripQuery, type UrlParts } from '../util/url'

/** What a wrapped request function reports when its call finishes. */
export interface FinishedRequest {
  url: string
  method: string
  start: number
  end: number
  /** HTTP status, 0 when there was no response. */
  status: number
  failed: boolean
  /** The platform's failure text (`errMsg` / `errorMessage`), '' on success. */
  reason: string
  /** What `begin` returned for this call (the trace, if any). */
  context: unknown
}

export interface RequestHooks {
  /** Requests never observed (the collector's own, `ignoreUrls`). */
  skip(url: string): boolean
  /** Called as the request starts; may return extra headers to send and a context handed back at the end. */
  begin?(url: string, method: string): { headers?: Record<string, string>; context?: unknown } | undefined
  end(r: FinishedRequest): void
}

type Options = Record<string, any>

/** Ends an observed call, once: a platform that answers twice is measured once. Never throws. */
function end(hooks: RequestHooks, r: FinishedRequest, res: Options, failed: boolean) {
  if (!r.end)
    try {
      r.end = Date.now()
      r.status = +((res && (res.statusCode || res.status)) || (failed ? 0 : 200)) || 0
      r.failed = failed
      if (failed) r.reason = String((res && (res.errMsg || res.errorMessage || res.error)) || 'fail')
      hooks.end(r)
    } catch (e) {
      // never into the app
    }
}

/**
 * The callback the platform calls in place of the app's `user` one: ends the observation, then runs the app's
 * callback with the same `this` and arguments. Made here, not inside the wrapper: a closure made there holds
 * the wrapper's whole scope, and without a JIT two of them cost a quarter of the wrapper's time.
 */
function answer(hooks: RequestHooks, r: FinishedRequest, user: unknown, failed: boolean) {
  return function (this: unknown, res: Options) {
    end(hooks, r, res, failed)
    if (typeof user === 'function') return user.apply(this, arguments)
  }
}

/**
 * Replaces mini-program request functions (`request`, `downloadFile`, `uploadFile` on `wx`/`my`) with
 * wrappers that pass every option through, run `success`/`fail` exactly once with the original arguments
 * and `this`, and return the original task. `headerField` is the option carrying headers. Returns the
 * teardown, which restores each function that is still ours.
 *
 * Per observed call it allocates the options copy (the app's own object must stay untouched), the record
 * handed to `hooks.end` (it also holds the call's state) and the two callbacks the platform needs.
 */
export function wrapRequests(api: Record<string, any>, names: string[], headerField: string, hooks: RequestHooks): () => void {
  const restores = names.map((name) => {
    const original = api[name]
    const set = (value: unknown) => Object.defineProperty(api, name, { value, configurable: true, writable: true, enumerable: true })
    const wrapper = function (this: unknown, options: Options) {
      let o = options
      try {
        const url = options && typeof options === 'object' ? options.url : undefined
        if (typeof url === 'string' && !hooks.skip(url)) {
          const m = options.method || (name === 'uploadFile' ? 'POST' : 'GET')
          // toUpperCase costs more than the rest of this line: skip it for the usual two
          const method = m === 'GET' || m === 'POST' ? m : String(m).toUpperCase()
          const r: FinishedRequest = { url, method, start: Date.now(), end: 0, status: 0, failed: false, reason: '', context: undefined }
          const extra = hooks.begin && hooks.begin(url, method)
          o = Object.assign({}, options)
          // options built by a class keep their accessors on the prototype, where for…in does not look (a
          // class's `constructor` is skipped as `o` has one)
          for (let p = options; (p = Object.getPrototypeOf(p)) && p !== Object.prototype; )
            for (const k of Object.getOwnPropertyNames(p)) if (!(k in o)) o[k] = options[k]
          if (extra) {
            r.context = extra.context
            if (extra.headers) o[headerField] = Object.assign({}, options[headerField], extra.headers)
          }
          o.success = answer(hooks, r, options.success, false)
          o.fail = answer(hooks, r, options.fail, true)
        }
      } catch (e) {
        o = options
      }
      if (o === options) return original.apply(this, arguments)
      if (arguments.length < 2) return original.call(this, o)
      const args: unknown[] = [].slice.call(arguments)
      args[0] = o
      return original.apply(this, args)
    }
    if (typeof original !== 'function') return () => {}
    set(wrapper)
    return () => {
      if (api[name] === wrapper) set(original)
    }
  })
  return () => restores.forEach((r) => r())
}

const ID_SEGMENT = /\/(?:\d+|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|[0-9a-f]{16,}|[^/]*\d[^/]{19,})(?=\/|$)/gi

/** `url.path.group`: the first matching rule, else the path with id-like segments replaced by `{id}`. */
export function urlGroup(rules: readonly UrlGroupRule[], url: string, path: string): string {
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]
    if (typeof r.match === 'string' ? path.indexOf(r.match) === 0 : (r.whole ? url : stripQuery(url)).search(r.match) >= 0) return r.group
  }
  return path.replace(ID_SEGMENT, '/{id}').slice(0, 100)
}

/** What the monitor needs of a request URL: its parts, whether it is observed at all, and its `url.path.group`. */
export interface UrlFacts extends UrlParts {
  skip: boolean
  group: string
}

/**
 * The facts of a URL, computed once per distinct URL: apps call a handful of endpoints again and again, so
 * a call then costs one map look-up instead of parsing and grouping. Bounded: at most 64 URLs (of up to
 * 512 characters) are kept; the map starts afresh when full.
 */
export function urlFacts(cfg: Config): (url: string) => UrlFacts {
  let known = new Map<string, UrlFacts>()
  return (url) => {
    let f = known.get(url)
    if (!f) {
      f = parseUrl(url) as UrlFacts
      f.skip = url.indexOf(cfg.collector) === 0 || url.indexOf(cfg.traceCollector) === 0 || matchesUrl(cfg.ignoreUrls, url, f.host)
      f.group = urlGroup(cfg.urlGroupRules, url, f.path)
      if (known.size > 63) known = new Map()
      if (url.length <= 512) known.set(url, f)
    }
    return f
  }
}

/**
 * Aggregates requests into DELTA histogram points, one per attribute set, with a cap on attribute sets.
 * A point is found by `url.path.group`, then among the few points of that group: recording into an
 * existing point builds no key and allocates nothing.
 */
export function createRequestHistogram(maxGroups: number, onFold: () => void) {
  // per group: each point beside the request that opened it (its attributes' source, compared field by field)
  let series = new Map<string, [RequestEvent, HistogramPoint][]>()
  let other = new Map<string, HistogramPoint>()
  let count = 0
  let start = Date.now()
  const point = (attributes: Attributes): HistogramPoint => ({ kind: 'histogram', id: eventId(), start, time: 0, attributes, counts: [...BOUNDS, 0].fill(0), count: 0, sum: 0, min: Infinity, max: -Infinity })
  return {
    record(r: RequestEvent) {
      let list = series.get(r.group)
      let p: HistogramPoint | undefined
      // (an index loop: without a JIT, each step of for…of is a call and an object)
      if (list)
        for (let i = 0; i < list.length; i++) {
          const o = list[i][0]
          if (o.method === r.method && o.status === r.status && o.host === r.host && o.port === r.port && o.page === r.page) p = list[i][1]
        }
      if (!p) {
        if (count < maxGroups) {
          count++
          const a: Attributes = { 'http.request.method': r.method, 'server.address': r.host, 'url.path.group': r.group, 'miniprogram.page.path': r.page }
          if (r.status) a['http.response.status_code'] = r.status
          // as OTel's HTTP conventions: only a port other than HTTPS's and HTTP's defaults
          if (r.port && r.port !== 443 && r.port !== 80) a['server.port'] = r.port
          if (!list) series.set(r.group, (list = []))
          list.push([r, (p = point(a))])
        } else {
          onFold()
          p = other.get(r.page)
          if (!p) other.set(r.page, (p = point({ 'url.path.group': '~other', 'miniprogram.page.path': r.page })))
        }
      }
      const d = r.duration
      let i = 0
      while (i < BOUNDS.length && d > BOUNDS[i]) i++
      p.counts[i]++
      p.count++
      p.sum += d
      if (d < p.min) p.min = d
      if (d > p.max) p.max = d
    },
    /** Ends the current window: its points, stamped with the window's end. */
    close(): HistogramPoint[] {
      const now = Date.now()
      const out: HistogramPoint[] = []
      const add = (p: HistogramPoint) => {
        p.time = now
        out.push(p)
      }
      series.forEach((list) => list.forEach((e) => add(e[1])))
      other.forEach(add)
      series = new Map()
      other = new Map()
      count = 0
      start = now
      return out
    },
  }
}
