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
  /** Longest a record waits before it is sent, in ms; default 5000. No timer runs while nothing waits. */
  flushInterval?: number
  /** Most events kept waiting for delivery (the oldest waiting record is dropped first, counted); default 500. */
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

type Check = (v: any) => boolean
type Rule = Check | string | number[] | { [option: string]: Rule }

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v)
const text = (v: any) => typeof v === 'string' && v.trim() !== '' && v.length <= 70
/** `http(s)://` and a host. No RegExp: its first run costs more than the rest of `init` on a slow phone. */
function baseUrl(v: any): boolean {
  if (typeof v !== 'string') return false
  const scheme = v.slice(0, 8).toLowerCase()
  const host = scheme.indexOf('://') + 3
  const c = v.charAt(host)
  return (scheme.slice(0, host) === 'http://' || scheme === 'https://') && c > ' ' && '/?#'.indexOf(c) < 0
}
const bool = (v: any) => typeof v === 'boolean'
const fn = (v: any) => typeof v === 'function'
const each = (v: any, item: Check) => Array.isArray(v) && v.every(item)
const pattern = (p: any) => (typeof p === 'string' && p !== '') || p instanceof RegExp
const patterns = (v: any) => each(v, pattern)
const errorPatterns = (v: any) => each(v, (p) => p === '' || pattern(p))
const groupRules = (v: any) => each(v, (r) => isObject(r) && pattern(r.match) && text(r.group))

/**
 * Every option's rule: a check; `|a|b` one of those strings; [min, max] a number in that range; an object, a
 * section and the rules of its options. Only the checks of the options given run (and are compiled), and
 * rules are put into words only when an option breaks one.
 */
const RULES: Record<string, Rule> = {
  service: text,
  serviceVersion: text,
  serviceInstance: text,
  collector: baseUrl,
  traceCollector: baseUrl,
  platform: '|wechat|alipay|web|bytedance|lark|baidu|qq|dingtalk|kuaishou|jd|xiaohongshu',
  encoding: '|proto|json',
  protocol: '|otlp|skywalking',
  flushInterval: [100, 3600000],
  maxQueue: [10, 100000],
  enable: { error: bool, perf: bool, request: bool, tracing: bool },
  request: { urlGroupRules: groupRules, ignoreUrls: patterns, maxGroups: [1, 10000] },
  tracing: { sampleRate: [0, 1], propagateTo: patterns, urlBlacklist: patterns },
  beforeSend: fn,
  ignoreErrors: errorPatterns,
  debug: bool,
}

function ok(rule: Rule, v: any): boolean {
  return typeof rule === 'function'
    ? rule(v)
    : Array.isArray(rule)
      ? typeof v === 'number' && v >= rule[0] && v <= rule[1]
      : typeof rule === 'object'
        ? isObject(v)
        : rule.split('|').indexOf(v) > 0 // the empty string before the first bar never counts
}

/** The message for an option that breaks its rule: its name, its value and the rule in words. */
function wrong(name: string, v: unknown, rule: Rule): string {
  let shown: string
  try {
    shown = v instanceof RegExp ? String(v) : JSON.stringify(v) || String(v)
  } catch (e) {
    shown = typeof v // cyclic, a BigInt, a hostile object
  }
  return `\`${name}\`: ${shown}; expected ${
    Array.isArray(rule)
      ? `a number from ${rule[0]} to ${rule[1]}`
      : typeof rule === 'string'
        ? rule[0] === '|'
          ? ('"' + rule.slice(1).split('|').join('", "') + '"').replace(/, ("[^"]*")$/, ' or $1')
          : 'one of ' + rule.slice(1)
        : rule === text
          ? 'a non-empty string of at most 70 characters'
          : rule === baseUrl
            ? 'an http(s) base URL such as "https://oap:12800"'
            : rule === bool
              ? 'a boolean'
              : rule === fn
                ? 'a function'
                : rule === patterns
                  ? 'an array of host strings and RegExps'
                  : rule === errorPatterns
                    ? 'an array of strings and RegExps'
                    : rule === groupRules
                      ? 'an array of { match: RegExp | string, group: string }'
                      : 'an object'
  }`
}

/**
 * Checks `o` against `rules` and copies each option set into `into` (a section's options into `into[section]`
 * when `into` has one, else into `into` itself). Returns the message for the first option that breaks its
 * rule; unknown options inside a section break it, unknown top-level options only warn.
 */
function take(o: Record<string, any>, rules: Record<string, Rule>, prefix: string, into: Record<string, any>): string | undefined {
  for (const key in o) {
    const rule = rules[key]
    const v = o[key]
    const name = prefix + key
    const bad = !rule
      ? prefix
        ? wrong(name, v, 'k' + Object.keys(rules).map((k) => prefix + k).join(', '))
        : console.warn(`[minimon] unknown option \`${name}\` is ignored`)
      : v === undefined
        ? ''
        : !ok(rule, v)
          ? wrong(name, v, rule)
          : isObject(rule)
            ? take(v, rule as Record<string, Rule>, name + '.', into[key] || into)
            : ((into[key] = v), '')
    if (bad) return bad
  }
  return undefined
}

function trimSlashes(url: string): string {
  let n = url.length
  while (url.charAt(n - 1) === '/') n--
  return url.slice(0, n)
}

/** The validated config with every default filled in, or the one message to show when the options are wrong. */
export function validate(options: unknown): Config | string {
  let bad: string | undefined
  try {
    const cfg: Config = {
      serviceVersion: '',
      serviceInstance: '',
      encoding: 'proto',
      protocol: 'otlp',
      flushInterval: 5000,
      maxQueue: 500,
      enable: { error: true, perf: true, request: true, tracing: false },
      urlGroupRules: [],
      ignoreUrls: [],
      maxGroups: 50,
      sampleRate: 1,
      propagateTo: [],
      urlBlacklist: [],
      ignoreErrors: [],
      debug: false,
    } as any
    bad = isObject(options) ? take(options, RULES, '', cfg) : wrong('options', options, {})
    for (const name of ['service', 'collector'] as const) if (!bad && !cfg[name]) bad = wrong(name, undefined, RULES[name])
    if (!bad) {
      cfg.collector = trimSlashes(cfg.collector)
      cfg.traceCollector = cfg.traceCollector ? trimSlashes(cfg.traceCollector) : cfg.collector
      cfg.maxQueue = Math.floor(cfg.maxQueue)
      cfg.maxGroups = Math.floor(cfg.maxGroups)
      return cfg
    }
  } catch (e) {
    bad = '`options` that could not be read (' + e + ')'
  }
  return `[minimon] invalid option ${bad}. The monitor is disabled.`
}
