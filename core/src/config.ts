import type { MonitorEvent, Platform } from './types'
import type { UrlPattern } from './util/url'

/** Maps request URLs to a bounded set of `url.path.group` values. First match wins. */
export interface UrlGroupRule {
  /** A RegExp tested on the URL without its query string, or a path prefix such as `/api/users/`. */
  match: RegExp | string
  group: string
}

/** Options of `init()`. Names follow SkyAPM/mini-program-monitor so its users switch by changing the import. */
export interface MonitorOptions {
  /** `service.name` in SkyWalking. Required, at most 70 characters. */
  service: string
  /** `service.version`; also the default `service.instance.id`. */
  serviceVersion?: string
  /** `service.instance.id`: the app version, never a device id. Defaults to serviceVersion, then the platform's app version. */
  serviceInstance?: string
  /** Base URL of the OTLP/HTTP receiver (SkyWalking OAP or an OpenTelemetry Collector), e.g. `https://oap.example.com:12800`. */
  collector: string
  /** Base URL for `/v3/segments`; defaults to `collector`. */
  traceCollector?: string
  /** Forces a platform instead of detecting it. */
  platform?: Platform
  /** OTLP body encoding: `'proto'` (default) or `'json'`. */
  encoding?: 'proto' | 'json'
  /** Milliseconds between flushes; default 5000. */
  flushInterval?: number
  /** Most events kept waiting for delivery (oldest dropped first, counted); default 500. */
  maxQueue?: number
  /** Which signals to collect; error, perf and request default to true, tracing to false. */
  enable?: { error?: boolean; perf?: boolean; request?: boolean; tracing?: boolean }
  request?: {
    urlGroupRules?: UrlGroupRule[]
    /** Requests never observed: a string matches the host (or a URL prefix), a RegExp the URL. */
    ignoreUrls?: UrlPattern[]
    /** Distinct request attribute sets per flush before the rest folds into group `~other`; default 50. */
    maxGroups?: number
  }
  tracing?: {
    /** Fraction of requests traced, 0..1; default 1. */
    sampleRate?: number
    /** Hosts (string) or URLs (RegExp) that receive the `sw8` header. Empty (default): no header anywhere. */
    propagateTo?: UrlPattern[]
    /** URLs never traced at all. */
    urlBlacklist?: UrlPattern[]
  }
  /** Sees every event before it is queued; return it (changed or not) to keep it, `null` to drop it. */
  beforeSend?: (event: MonitorEvent) => MonitorEvent | null | undefined
  /** Errors whose message contains a string, or matches a RegExp, are not reported. */
  ignoreErrors?: (string | RegExp)[]
  /** Logs what the monitor does to the console. */
  debug?: boolean
}

/** Options after validation, with every default filled in. */
export interface Config {
  service: string
  serviceVersion: string
  serviceInstance: string
  collector: string
  traceCollector: string
  platform?: Platform
  encoding: 'proto' | 'json'
  flushInterval: number
  maxQueue: number
  enable: { error: boolean; perf: boolean; request: boolean; tracing: boolean }
  urlGroupRules: UrlGroupRule[]
  ignoreUrls: UrlPattern[]
  maxGroups: number
  sampleRate: number
  propagateTo: UrlPattern[]
  urlBlacklist: UrlPattern[]
  beforeSend?: MonitorOptions['beforeSend']
  ignoreErrors: (string | RegExp)[]
  debug: boolean
}

function show(v: unknown): string {
  try {
    return typeof v === 'string' ? JSON.stringify(v) : v instanceof RegExp ? String(v) : JSON.stringify(v) || String(v)
  } catch (e) {
    return Object.prototype.toString.call(v)
  }
}

class OptionError extends Error {}

function fail(option: string, value: unknown, allowed: string): never {
  throw new OptionError(`[minimon] invalid option \`${option}\`: ${show(value)}; expected ${allowed}. The monitor is disabled.`)
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function text(o: Record<string, unknown>, key: string, max: number, required?: boolean): string {
  const v = o[key]
  if (v === undefined && !required) return ''
  if (typeof v !== 'string' || !v.trim() || v.length > max) fail(key, v, `a non-empty string of at most ${max} characters`)
  return v
}

function url(o: Record<string, unknown>, key: string, fallback?: string): string {
  const v = o[key]
  if (v === undefined && fallback !== undefined) return fallback
  if (typeof v !== 'string' || !/^https?:\/\/[^/?#\s]+/i.test(v))
    fail(key, v, 'an http(s) base URL such as "https://oap.example.com:12800"')
  return v.replace(/\/+$/, '')
}

function num(o: Record<string, unknown>, key: string, min: number, max: number, fallback: number, name = key): number {
  const v = o[key]
  if (v === undefined) return fallback
  if (typeof v !== 'number' || !(v >= min && v <= max)) fail(name, v, `a number from ${min} to ${max}`)
  return v
}

function patterns(o: Record<string, unknown>, key: string, name: string): UrlPattern[] {
  const v = o[key]
  if (v === undefined) return []
  if (!Array.isArray(v) || !v.every((p) => (typeof p === 'string' && p) || p instanceof RegExp))
    fail(name, v, 'an array of host strings and RegExps')
  return v
}

function section(o: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = o[key]
  if (v === undefined) return {}
  if (!isObject(v)) fail(key, v, 'an object')
  return v
}

const KNOWN = 'service serviceVersion serviceInstance collector traceCollector platform encoding flushInterval maxQueue enable request tracing beforeSend ignoreErrors debug'.split(' ')

/** Validates options and fills defaults; throws an Error whose message names the option, the value and what is allowed. */
function check(options: unknown): Config {
  if (!isObject(options)) fail('options', options, 'an object such as { service: "my-app", collector: "https://…" }')
  const o = options
  for (const k in o) if (KNOWN.indexOf(k) < 0 && typeof console !== 'undefined') console.warn(`[minimon] unknown option \`${k}\` is ignored`)
  const service = text(o, 'service', 70, true)
  const collector = url(o, 'collector')
  const platform = o.platform
  if (platform !== undefined && platform !== 'wechat' && platform !== 'alipay' && platform !== 'web')
    fail('platform', platform, '"wechat", "alipay" or "web"')
  const encoding = o.encoding === undefined ? 'proto' : o.encoding
  if (encoding !== 'proto' && encoding !== 'json') fail('encoding', encoding, '"proto" or "json"')
  const enable = section(o, 'enable')
  const flags = { error: true, perf: true, request: true, tracing: false }
  for (const k in enable) {
    if (!(k in flags) || typeof enable[k] !== 'boolean') fail('enable.' + k, enable[k], 'a boolean for error, perf, request or tracing')
    flags[k as keyof typeof flags] = enable[k] as boolean
  }
  const request = section(o, 'request')
  const rules = request.urlGroupRules === undefined ? [] : request.urlGroupRules
  if (
    !Array.isArray(rules) ||
    !rules.every((r) => isObject(r) && (typeof r.match === 'string' || r.match instanceof RegExp) && typeof r.group === 'string' && r.group)
  )
    fail('request.urlGroupRules', rules, 'an array of { match: RegExp | string, group: string }')
  const tracing = section(o, 'tracing')
  for (const k of ['beforeSend'] as const)
    if (o[k] !== undefined && typeof o[k] !== 'function') fail(k, o[k], 'a function (event) => event | null')
  const ignoreErrors = o.ignoreErrors === undefined ? [] : o.ignoreErrors
  if (!Array.isArray(ignoreErrors) || !ignoreErrors.every((p) => typeof p === 'string' || p instanceof RegExp))
    fail('ignoreErrors', ignoreErrors, 'an array of strings and RegExps')
  if (o.debug !== undefined && typeof o.debug !== 'boolean') fail('debug', o.debug, 'a boolean')
  const serviceVersion = text(o, 'serviceVersion', 70)
  return {
    service,
    serviceVersion,
    serviceInstance: text(o, 'serviceInstance', 70),
    collector,
    traceCollector: url(o, 'traceCollector', collector),
    platform: platform as Platform | undefined,
    encoding,
    flushInterval: num(o, 'flushInterval', 100, 3600000, 5000),
    maxQueue: Math.floor(num(o, 'maxQueue', 10, 100000, 500)),
    enable: flags,
    urlGroupRules: rules as UrlGroupRule[],
    ignoreUrls: patterns(request, 'ignoreUrls', 'request.ignoreUrls'),
    maxGroups: Math.floor(num(request, 'maxGroups', 1, 10000, 50, 'request.maxGroups')),
    sampleRate: num(tracing, 'sampleRate', 0, 1, 1, 'tracing.sampleRate'),
    propagateTo: patterns(tracing, 'propagateTo', 'tracing.propagateTo'),
    urlBlacklist: patterns(tracing, 'urlBlacklist', 'tracing.urlBlacklist'),
    beforeSend: o.beforeSend as Config['beforeSend'],
    ignoreErrors: ignoreErrors as (string | RegExp)[],
    debug: !!o.debug,
  }
}

/** The validated config, or the one message to show when the options are wrong. */
export function validate(options: unknown): Config | string {
  try {
    return check(options)
  } catch (e) {
    return e instanceof OptionError ? e.message : '[minimon] invalid options; the monitor is disabled.'
  }
}
