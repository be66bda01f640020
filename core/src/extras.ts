/**
 * @minimon/core/extras: opt-in parts, passed to `init` in `use`, so that only the apps that want them carry
 * their bytes.
 *
 * @example
 * import { init } from '@minimon/core'
 * import { sessionEvents, consoleBreadcrumbs } from '@minimon/core/extras'
 * init({ service: 'shop', collector: 'https://otel.example.com:4318', use: [sessionEvents(), consoleBreadcrumbs()] })
 */
import type { Plugin } from './monitor'
import type { Attributes } from './types'
import { short } from './signals/context'
import { describe } from './signals/errors'

export { tapBreadcrumbs } from './hosts/taps'

type Obj = Record<string, any>

export type { Plugin } from './monitor'

/**
 * `session.start` and `session.end` logs (severity INFO, `event.name`), what crash-free sessions per release
 * are counted from. `session.end` says why (`minimon.session.end_reason`: `timeout` after `sessionTimeout`
 * hidden, `killed` found on the next launch, `shutdown`), the errors seen (`minimon.session.errors`) and how
 * long it ran (`minimon.session.duration`, ms).
 *
 * For OTLP backends only (an OpenTelemetry Collector, Loki, any OTLP log store): these logs have no
 * `exception.type`, and SkyWalking OAP stores such logs in its GENERAL layer. Never use it with OAP.
 */
export const sessionEvents = (): Plugin => (ctx, host, cfg) => {
  // SkyWalking's browser protocol (H5) has no place for them
  if (cfg.protocol === 'skywalking') return
  const key = 'minimon:session:' + cfg.service
  const store = (value?: string) => {
    try {
      if (value === undefined) return host.getItem(key)
      if (value && ctx.consent > 0) host.setItem(key, value)
      else host.removeItem(key)
    } catch (e) {
      // no storage: a kill goes unseen
    }
  }
  const tags = ctx.tags
  // the session as this plugin saw it start: [id, start, errors, hidden at]
  let now: [string, number, number, number]
  // errors are counted as the monitor gives them their attributes
  let errors = 0
  const attributes = ctx.attributes
  ctx.attributes = (a, time) => {
    errors++
    return attributes(a, time)
  }
  const event = (name: string, a: Attributes, time = Date.now()) => {
    a['event.name'] = name
    ctx.push({ kind: 'event', id: '', time, message: name, attributes: a })
  }
  const end = (reason: string, s: [string, number, number, number], at: number) =>
    event('session.end', { 'session.id': s[0], 'minimon.session.end_reason': reason, 'minimon.session.errors': s[2], 'minimon.session.duration': at - s[1] }, at)
  const start = () => {
    errors = 0
    now = [tags['session.id'], Date.now(), 0, 0]
    event('session.start', { 'session.id': now[0] })
  }
  // a session stored at its last hide that never ended: the app was killed after it
  try {
    const last = JSON.parse(store() || '0')
    if (last && typeof last[0] == 'string') end('killed', last, last[3])
  } catch (e) {
    // garbage under the key
  }
  store('')
  start()
  const offHide = host.onHide(() => {
    now[2] = errors
    now[3] = Date.now()
    store(JSON.stringify(now))
  })
  const offShow = host.onShow(() => {
    // the monitor started a new session: the one before ended when the app went away
    if (tags['session.id'] !== now[0]) {
      end('timeout', now, now[3])
      start()
    }
    store('')
  })
  return () => {
    offHide()
    offShow()
    ctx.attributes = attributes
    now[2] = errors
    end('shutdown', now, Date.now())
    store('')
  }
}

/** `console.warn` and `console.error` calls as breadcrumbs (`console`, the level and the first argument, 200 characters). */
export const consoleBreadcrumbs = (): Plugin => (ctx) => {
  const off: (() => void)[] = []
  let busy = 0
  if (typeof console != 'undefined')
    for (const level of ['warn', 'error'] as const) {
      const original = console[level]
      if (typeof original != 'function') continue
      const wrapper = (console[level] = function (this: unknown) {
        // (a beforeBreadcrumb that logs would otherwise call itself)
        if (!busy)
          try {
            busy = 1
            ctx.add('console', level + ': ' + short(describe(arguments[0])))
          } catch (e) {
            // never into the app
          }
        busy = 0
        return original.apply(this, arguments as unknown as unknown[])
      })
      off.push(() => {
        if (console[level] === wrapper) console[level] = original
      })
    }
  return () => off.forEach((f) => f())
}

/**
 * Network status changes (`network`: `wifi`, `4g`, `offline`) and memory warnings (`memory`: `warning 10`)
 * as breadcrumbs. `api`: the platform's object (`wx`, `my`, `tt`, …), which the app names: core reads no
 * platform global outside its hosts.
 *
 * @example use: [deviceBreadcrumbs(wx)]
 */
export const deviceBreadcrumbs = (api: Obj): Plugin => (ctx) => {
  const off: (() => void)[] = []
  const on = (event: string, fn: (r: Obj) => void) => {
    const safe = (r: Obj) => {
      try {
        fn(r)
      } catch (e) {
        // never into the app
      }
    }
    if (api && typeof api['on' + event] == 'function') {
      api['on' + event](safe)
      off.push(() => typeof api['off' + event] == 'function' && api['off' + event](safe))
    }
  }
  on('NetworkStatusChange', (r) => ctx.add('network', r && r.isConnected === false ? 'offline' : short((r && r.networkType) || 'online')))
  on('MemoryWarning', (r) => ctx.add('memory', 'warning ' + ((r && r.level) || '')))
  return () => off.forEach((f) => f())
}
