import type { Breadcrumb, MonitorEvent, Platform } from './types'
import type { Plugin } from './monitor'
import type { UrlPattern } from './util/url'

/** Maps request URLs to a bounded set of `url.path.group` values. First match wins. */
export interface UrlGroupRule {
  /** A RegExp tested on the URL without its query string, or a path prefix such as `/api/users/`. */
  match: RegExp | string
  group: string
  /** The RegExp is tested on the whole URL (rules given in mini-program-monitor's form). */
  whole?: boolean
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
  /** Most events kept waiting for delivery (the oldest waiting record is dropped first, counted); default 200. */
  maxQueue?: number
  /** Which signals to collect; error, perf and request default to true, tracing to false. */
  enable?: { error?: boolean; perf?: boolean; request?: boolean; tracing?: boolean }
  request?: {
    /**
     * `url.path.group` of a request: `[{ match, group }]`, or mini-program-monitor's `{ '/api/users/{id}': /\/api\/users\/\d+/ }`
     * (the key is the group, its RegExp is tested on the whole URL). Without a match, id-like path segments become `{id}`.
     */
    urlGroupRules?: UrlGroupRule[] | Record<string, RegExp>
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
    /** URLs never traced at all: a string found anywhere in the URL, or a RegExp that matches it (as in mini-program-monitor). */
    urlBlacklist?: UrlPattern[]
  }
  /** Sees every event before it is queued; return it (changed or not) to keep it, `null` to drop it. */
  beforeSend?: (event: MonitorEvent) => MonitorEvent | null | undefined
  /** Errors whose message contains a string, or matches a RegExp, are not reported. */
  ignoreErrors?: (string | RegExp)[]
  /** Logs what the monitor does to the console. */
  debug?: boolean
  /**
   * How many recent events (breadcrumbs) each error log carries as `minimon.breadcrumbs`: 0 to 100, default
   * 20 (0 keeps none). Their text is bounded as well (about 4 KB in all).
   */
  maxBreadcrumbs?: number
  /** Sees every breadcrumb before it is kept; return it (changed or not) to keep it, `null` (or nothing) to drop it. */
  beforeBreadcrumb?: (breadcrumb: Breadcrumb) => Breadcrumb | null | undefined
  /**
   * A session (`session.id` on every log and segment) ends when the app has been hidden this long, in ms;
   * default 1800000 (30 minutes). It ends as well when the app is killed.
   */
  sessionTimeout?: number
  /**
   * Opt-in parts, imported from `@minimon/core/extras` so that only apps that use them carry their bytes:
   * `sessionEvents()` (`session.start` / `session.end` logs, for OTLP backends only), `consoleBreadcrumbs()`.
   */
  use?: Plugin[]
  /**
   * `'granted'` (default): collect and send. `'pending'`: keep everything in memory only, send and store
   * nothing until `monitor.setConsent(true)`. `'remember'`: as `'pending'`, but the choice given to
   * `setConsent` is stored and used on the next launches.
   */
  consent?: 'granted' | 'pending' | 'remember'
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
  maxBreadcrumbs: number
  beforeBreadcrumb?: MonitorOptions['beforeBreadcrumb']
  sessionTimeout: number
  use: Plugin[]
  consent?: 'granted' | 'pending' | 'remember'
}

type Check = (v: any) => boolean
type Rule = Check | string | number[] | { [option: string]: Rule }

/** A plain object (no array, no null): options, sections, and what storage gives back. */
export const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v)
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
const plugins = (v: any) => each(v, fn)
const errorPatterns = (v: any) => each(v, (p) => p === '' || pattern(p))
/** Our array of rules, or mini-program-monitor's `{ label: RegExp }`. */
const groupRules = (v: any) =>
  each(v, (r) => isObject(r) && pattern(r.match) && text(r.group)) || (isObject(v) && Object.keys(v).every((k) => text(k) && v[k] instanceof RegExp))

/**
 * Every option's rule: a check; `|a|b` one of those strings; [min, max] a number in that range; an object, a
 * section and the rules of its options. Only the checks of the options given run, and rules are put into
 * words only when an option breaks one.
 */
export const RULES: Record<string, Rule> = {
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
  maxBreadcrumbs: [0, 100],
  beforeBreadcrumb: fn,
  sessionTimeout: [1000, 86400000],
  use: plugins,
  consent: '|granted|pending|remember',
}

/** The options the monitor cannot run without: only these disable it. */
const REQUIRED = ['service', 'collector']

function ok(rule: Rule, v: any): boolean {
  if (typeof rule === 'function') return rule(v)
  if (Array.isArray(rule)) return typeof v === 'number' && v >= rule[0] && v <= rule[1]
  if (typeof rule === 'object') return isObject(v)
  return rule.split('|').indexOf(v) > 0 // the empty string before the first bar never counts
}

declare const process: { env: { NODE_ENV?: string } }

/** Each option has an anchor on this page: its name in lower case, dots as dashes. */
const DOCS = 'https://github.com/minimon-dev/minimon/blob/main/docs/configuration.md#'

/**
 * What a rule allows, in words: in development builds only (bundlers fold `process.env.NODE_ENV` and drop
 * the prose from production builds, which link to the option's docs instead, as React's error codes do).
 * Where nothing defines `process`, it is no development build.
 */
function expected(rule: Rule, name: string): string {
  try {
    if (process.env.NODE_ENV !== 'production') {
      if (Array.isArray(rule)) return `; expected a number from ${rule[0]} to ${rule[1]}`
      if (typeof rule === 'object') return '; expected an object'
      if (typeof rule === 'string') {
        const names = rule.slice(1).split('|').map((n) => `"${n}"`)
        return '; expected ' + names.slice(0, -1).join(', ') + ' or ' + names[names.length - 1]
      }
      const words: [Check, string][] = [
        [text, 'a non-empty string of at most 70 characters'],
        [baseUrl, 'an http(s) base URL such as "https://oap:12800"'],
        [bool, 'a boolean'],
        [fn, 'a function'],
        [patterns, 'an array of host strings and RegExps'],
        [errorPatterns, 'an array of strings and RegExps'],
        [groupRules, "an array of { match: RegExp | string, group: string }, or { 'group': RegExp }"],
        [plugins, 'an array of plugins from @minimon/core/extras, such as [sessionEvents()]'],
      ]
      for (const w of words) if (w[0] === rule) return '; expected ' + w[1]
    }
  } catch (e) {
    // no `process`
  }
  return ' — see ' + DOCS + name.replace('.', '-').toLowerCase()
}

/** A value as the messages show it. */
function show(v: unknown): string {
  try {
    return v instanceof RegExp ? String(v) : JSON.stringify(v) || String(v)
  } catch (e) {
    return typeof v // cyclic, a BigInt, a hostile object
  }
}

const wrong = (name: string, v: unknown, rule: Rule) => `\`${name}\`: ${show(v)}${expected(rule, name)}`

/** One line of the monitor's own on the console, where there is one. */
export function say(level: 'log' | 'warn' | 'error', message: string): void {
  if (typeof console !== 'undefined') console[level]('[minimon] ' + message)
}

/**
 * Checks `o` against `rules` and copies each valid option into `into` (a section's options into
 * `into[section]` when `into` has one, else into `into` itself). An unknown or invalid optional option is
 * ignored with one warning and its default stays; the message of an invalid required option is returned.
 */
function take(o: Record<string, any>, rules: Record<string, Rule>, prefix: string, into: Record<string, any>): string | undefined {
  for (const key in o) {
    const rule = rules[key]
    const v = o[key]
    const name = prefix + key
    if (v === undefined) continue
    if (!rule) {
      say('warn', `unknown option \`${name}\` is ignored`)
    } else if (!ok(rule, v)) {
      const message = wrong(name, v, rule)
      if (REQUIRED.indexOf(name) >= 0) return message
      const d = into[key]
      say('warn', `invalid option ${message}; it is ignored${d === undefined ? '' : ', the default ' + show(d) + ' is used'}`)
    } else if (isObject(rule)) {
      take(v, rule as Record<string, Rule>, name + '.', into[key] || into)
    } else {
      into[key] = v
    }
  }
  return undefined
}

function trimSlashes(url: string): string {
  let n = url.length
  while (url.charAt(n - 1) === '/') n--
  return url.slice(0, n)
}

/** The validated config with every default filled in, or the one message to show (after `[minimon] `) when the options are wrong. */
export function validate(options: unknown): Config | string {
  let bad: string | undefined
  try {
    const cfg: Config = {
      serviceVersion: '',
      serviceInstance: '',
      encoding: 'proto',
      protocol: 'otlp',
      flushInterval: 5000,
      maxQueue: 200,
      enable: { error: true, perf: true, request: true, tracing: false },
      urlGroupRules: [],
      ignoreUrls: [],
      maxGroups: 50,
      sampleRate: 1,
      propagateTo: [],
      urlBlacklist: [],
      ignoreErrors: [],
      debug: false,
      maxBreadcrumbs: 20,
      sessionTimeout: 1800000,
      use: [],
    } as any
    bad = isObject(options) ? take(options, RULES, '', cfg) : wrong('options', options, {})
    for (const name of REQUIRED) if (!bad && !(cfg as any)[name]) bad = wrong(name, undefined, RULES[name])
    if (!bad) {
      cfg.collector = trimSlashes(cfg.collector)
      cfg.traceCollector = trimSlashes(cfg.traceCollector || cfg.collector)
      cfg.maxQueue = Math.floor(cfg.maxQueue)
      cfg.maxGroups = Math.floor(cfg.maxGroups)
      const rules = cfg.urlGroupRules as UrlGroupRule[] | Record<string, RegExp>
      // mini-program-monitor's form: the label is the group, its RegExp tested on the whole URL
      if (!Array.isArray(rules)) cfg.urlGroupRules = Object.keys(rules).map((group) => ({ match: rules[group], group, whole: true }))
      return cfg
    }
  } catch (e) {
    bad = '`options` that could not be read (' + e + ')'
  }
  return `invalid option ${bad}. The monitor is disabled.`
}
