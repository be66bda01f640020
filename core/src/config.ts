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
  /** H5 only: `'otlp'` (default), or `'skywalking'` for SkyWalking's browser protocol (Browser dashboards). */
  protocol?: 'otlp' | 'skywalking'
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
  protocol: 'otlp' | 'skywalking'
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
    return v instanceof RegExp ? String(v) : JSON.stringify(v) || String(v)
  } catch (e) {
    return Object.prototype.toString.call(v)
  }
}

type Check = (v: any) => boolean
const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isPattern = (p: unknown) => (typeof p === 'string' && p !== '') || p instanceof RegExp
const list = (item: Check): Check => (v) => Array.isArray(v) && v.every(item)
const text: Check = (v) => typeof v === 'string' && v.trim() !== '' && v.length <= 70
const range = (min: number, max: number): [Check, string] => [(v) => typeof v === 'number' && v >= min && v <= max, `a number from ${min} to ${max}`]
const oneOf = (...values: string[]): [Check, string] => [(v) => values.indexOf(v) >= 0, values.map((x) => `"${x}"`).join(', ').replace(/, ([^,]*)$/, ' or $1')]
const BOOL: [Check, string] = [(v) => typeof v === 'boolean', 'a boolean']
const TEXT: [Check, string] = [text, 'a non-empty string of at most 70 characters']
const URL_RULE: [Check, string] = [(v) => typeof v === 'string' && /^https?:\/\/[^/?#\s]+/i.test(v), 'an http(s) base URL such as "https://oap.example.com:12800"']
const PATTERNS: [Check, string] = [list(isPattern), 'an array of host strings and RegExps']
const SECTION: [Check, string] = [isObject, 'an object']

/** Every option: its check and what is allowed, in the words of the error message. */
const RULES: Record<string, [Check, string]> = {
  service: TEXT,
  serviceVersion: TEXT,
  serviceInstance: TEXT,
  collector: URL_RULE,
  traceCollector: URL_RULE,
  platform: oneOf('wechat', 'alipay', 'web'),
  encoding: oneOf('proto', 'json'),
  protocol: oneOf('otlp', 'skywalking'),
  flushInterval: range(100, 3600000),
  maxQueue: range(10, 100000),
  enable: SECTION,
  'enable.error': BOOL,
  'enable.perf': BOOL,
  'enable.request': BOOL,
  'enable.tracing': BOOL,
  request: SECTION,
  'request.urlGroupRules': [list((r) => isObject(r) && isPattern(r.match) && text(r.group)), 'an array of { match: RegExp | string, group: string }'],
  'request.ignoreUrls': PATTERNS,
  'request.maxGroups': range(1, 10000),
  tracing: SECTION,
  'tracing.sampleRate': range(0, 1),
  'tracing.propagateTo': PATTERNS,
  'tracing.urlBlacklist': PATTERNS,
  beforeSend: [(v) => typeof v === 'function', 'a function (event) => event | null'],
  ignoreErrors: [list((p) => typeof p === 'string' || p instanceof RegExp), 'an array of strings and RegExps'],
  debug: BOOL,
}

/** The first option that breaks its rule, as the message to show; unknown options only warn. */
function problem(o: Record<string, any>, prefix: string): string | undefined {
  for (const key in o) {
    const name = prefix + key
    const rule = RULES[name]
    if (!rule) {
      if (prefix) return `\`${name}\`: ${show(o[key])}; expected one of ${Object.keys(RULES).filter((k) => k.indexOf(prefix) === 0).join(', ')}`
      console.warn(`[minimon] unknown option \`${name}\` is ignored`)
    } else if (o[key] !== undefined) {
      if (!rule[0](o[key])) return `\`${name}\`: ${show(o[key])}; expected ${rule[1]}`
      if (rule === SECTION) {
        const inner = problem(o[key], name + '.')
        if (inner) return inner
      }
    }
  }
  if (!prefix) for (const required of ['service', 'collector']) if (o[required] === undefined) return `\`${required}\`: undefined; expected ${RULES[required][1]}`
  return undefined
}

/** The validated config with every default filled in, or the one message to show when the options are wrong. */
export function validate(options: unknown): Config | string {
  const fail = (m: string) => `[minimon] invalid option ${m}. The monitor is disabled.`
  try {
    if (!isObject(options)) return fail('`options`: ' + show(options) + '; expected an object such as { service: "my-app", collector: "https://…" }')
    const o = options
    const bad = problem(o, '')
    if (bad) return fail(bad)
    const enable = o.enable || {}
    const request = o.request || {}
    const tracing = o.tracing || {}
    const pick = <T>(v: T | undefined, fallback: T): T => (v === undefined ? fallback : v)
    const collector = o.collector.replace(/\/+$/, '')
    return {
      service: o.service,
      serviceVersion: o.serviceVersion || '',
      serviceInstance: o.serviceInstance || '',
      collector,
      traceCollector: o.traceCollector ? o.traceCollector.replace(/\/+$/, '') : collector,
      platform: o.platform,
      encoding: o.encoding || 'proto',
      protocol: o.protocol || 'otlp',
      flushInterval: pick(o.flushInterval, 5000),
      maxQueue: Math.floor(pick(o.maxQueue, 500)),
      enable: { error: pick(enable.error, true), perf: pick(enable.perf, true), request: pick(enable.request, true), tracing: pick(enable.tracing, false) },
      urlGroupRules: request.urlGroupRules || [],
      ignoreUrls: request.ignoreUrls || [],
      maxGroups: Math.floor(pick(request.maxGroups, 50)),
      sampleRate: pick(tracing.sampleRate, 1),
      propagateTo: tracing.propagateTo || [],
      urlBlacklist: tracing.urlBlacklist || [],
      beforeSend: o.beforeSend,
      ignoreErrors: o.ignoreErrors || [],
      debug: !!o.debug,
    }
  } catch (e) {
    return fail('`options`: they could not be read (' + show(String(e)) + ')')
  }
}
