// SkyWalking OAP contract check: for one batch, which dashboard metrics it feeds and why items are ignored.
//
// Mirrors the rules in apache/skywalking (main), read from the repository:
//   oap-server/server-starter/src/main/resources/otel-rules/miniprogram/wechat-mini-program.yaml
//   oap-server/server-starter/src/main/resources/otel-rules/miniprogram/wechat-mini-program-instance.yaml
//   oap-server/server-starter/src/main/resources/otel-rules/miniprogram/alipay-mini-program.yaml
//   oap-server/server-starter/src/main/resources/otel-rules/miniprogram/alipay-mini-program-instance.yaml
//   oap-server/server-starter/src/main/resources/lal/miniprogram.yaml
//   oap-server/server-starter/src/main/resources/log-mal-rules/miniprogram.yaml
//     (both platforms in one file; the same rule also exists per platform as log-mal-rules/miniprogram-wechat.yaml
//     and log-mal-rules/miniprogram-alipay.yaml)
//
// What those rules say, in short:
// - MAL (metrics): OAP turns every resource and data-point attribute into a tag, '.' and '/' → '_', data-point
//   attributes overriding resource ones. Each file is gated by
//   `filter: "{ tags -> tags.miniprogram_platform == 'wechat' }"` (or 'alipay'), metricPrefix
//   `meter_wechat_mp` / `meter_wechat_mp_instance` (alipay likewise), expSuffix service(['service_name']) /
//   instance(['service_name'], ['service_instance_id']), layer WECHAT_MINI_PROGRAM / ALIPAY_MINI_PROGRAM.
//   Gauges app_launch / first_render (both platforms) and route / script / package_load (WeChat only) are
//   averaged; `miniprogram_request_duration` is a histogram read as `le` buckets in MILLISECONDS (so bounds must be
//   integer ms) and `_count` summed per minute as request_cpm (so the histogram must be DELTA). Endpoint variants
//   (`endpoint_*`) key on `miniprogram_page_path` for app_launch, first_render, request_cpm and
//   request_duration_percentile.
// - LAL (logs): one rule for both runtimes. It aborts unless the *resource* attribute miniprogram.platform is
//   'wechat' or 'alipay' and the log attribute exception.type is present; layer from the platform, instance from
//   the resource service.instance.id, endpoint from the log attribute miniprogram.page.path, and one
//   `miniprogram_error_count` sample (labels service_name, exception_type, miniprogram_platform) per error log,
//   aggregated by log-MAL into meter_wechat_mp_error_count / meter_alipay_mp_error_count. A log the rule aborts
//   falls to the default rule and lands in the GENERAL layer. The log tags http.method / http.status /
//   server.address are copied from http.request.method / http.response.status_code / server.address; a missing
//   one is skipped (log-analyzer's ExtractorSpec.tag drops null and blank values), never a reason to abort.
// - Segments (native /v3/segments): not gated by those files; checked against DESIGN.md's trace contract
//   (componentId 10002 WeChat / 10003 Alipay / 10001 every other platform, one Exit/Http span, peer, tags).
// Length limits (service / instance name ≤ 70, endpoint ≤ 150) are the OAP entity-name limits DESIGN.md states.
import type {
  BatchInput, ContractIssue, ContractReport, FedMetric, LogRecord, MetricPoint, SegmentObject, Severity, SpanObject,
} from './types'

export const PLATFORMS = ['wechat', 'alipay'] as const
export type MpPlatform = (typeof PLATFORMS)[number]
/**
 * minimon's other hosts (`web` is the H5 build). Their data is meant for OTLP backends: OAP's mini-program rules
 * skip them by design, so the check says so once per run instead of on every batch.
 */
export const OTHER_PLATFORMS = ['web', 'bytedance', 'lark', 'baidu', 'qq', 'dingtalk', 'kuaishou', 'jd', 'xiaohongshu'] as const
/** Build-target and global names people send by mistake, for a "did you mean" hint. */
const PLATFORM_ALIASES: Record<string, string> = {
  weixin: 'wechat', wx: 'wechat', weapp: 'wechat', 'mp-weixin': 'wechat', my: 'alipay', 'mp-alipay': 'alipay',
  h5: 'web', tt: 'bytedance', toutiao: 'bytedance', douyin: 'bytedance', 'mp-toutiao': 'bytedance',
  feishu: 'lark', 'mp-lark': 'lark', swan: 'baidu', 'mp-baidu': 'baidu', 'mp-qq': 'qq', dd: 'dingtalk',
  ks: 'kuaishou', 'mp-kuaishou': 'kuaishou', 'mp-jd': 'jd', xhs: 'xiaohongshu', 'mp-xhs': 'xiaohongshu',
}
/** OAP's built-in error categories. Not a closed list: LAL counts any non-empty exception.type. */
export const EXCEPTION_TYPES = ['js', 'promise', 'ajax', 'pageNotFound'] as const
/**
 * A caller's own category (`manual`, `payment`) must be a short identifier: it becomes the exception_type label
 * of meter_*_mp_error_count, so a message or a stack trace there would be an unbounded label value.
 */
export const EXCEPTION_TYPE_PATTERN = /^[A-Za-z0-9_.-]{1,32}$/
/** Segment componentId of WeChat and Alipay mini programs. */
export const COMPONENT_IDS: Record<MpPlatform, number> = { wechat: 10002, alipay: 10003 }
/**
 * Every other platform (H5 included): SkyWalking's generic JavaScript ajax component, as skywalking-client-js
 * uses. Borrowing WeChat's or Alipay's id would file the trace under that mini program.
 */
export const GENERIC_COMPONENT_ID = 10001

/** The componentId a segment from `platform` (its miniprogram.platform tag, compared exactly) must carry. */
export function componentIdFor(platform: string): number {
  return isMpPlatform(platform) ? COMPONENT_IDS[platform] : GENERIC_COMPONENT_ID
}
export const MAX_NAME = 70
export const MAX_PAGE_PATH = 150

const LAYER: Record<MpPlatform, FedMetric['layer']> = { wechat: 'WECHAT_MINI_PROGRAM', alipay: 'ALIPAY_MINI_PROGRAM' }
const RULES = 'oap-server/server-starter/src/main/resources/'
const ruleFile = (p: MpPlatform, instance: boolean) =>
  `${RULES}otel-rules/miniprogram/${p}-mini-program${instance ? '-instance' : ''}.yaml`

interface MetricRule {
  type: 'gauge' | 'histogram'
  platforms: MpPlatform[]
  /** Names after the prefix, per scope. */
  service: string[]
  endpoint: string[]
}

/** OTLP metric name → what the OAP makes of it. */
export const METRIC_RULES: Record<string, MetricRule> = {
  'miniprogram.app_launch.duration': { type: 'gauge', platforms: ['wechat', 'alipay'], service: ['app_launch_duration'], endpoint: ['endpoint_app_launch_duration'] },
  'miniprogram.first_render.duration': { type: 'gauge', platforms: ['wechat', 'alipay'], service: ['first_render_duration'], endpoint: ['endpoint_first_render_duration'] },
  'miniprogram.route.duration': { type: 'gauge', platforms: ['wechat'], service: ['route_duration'], endpoint: [] },
  'miniprogram.script.duration': { type: 'gauge', platforms: ['wechat'], service: ['script_duration'], endpoint: [] },
  'miniprogram.package_load.duration': { type: 'gauge', platforms: ['wechat'], service: ['package_load_duration'], endpoint: [] },
  'miniprogram.request.duration': {
    type: 'histogram',
    platforms: ['wechat', 'alipay'],
    service: ['request_cpm', 'request_duration_percentile'],
    endpoint: ['endpoint_request_cpm', 'endpoint_request_duration_percentile'],
  },
}

/** Attributes a request histogram may carry (bounded cardinality). */
const HISTOGRAM_ATTRS = new Set([
  'miniprogram.page.path', 'http.request.method', 'http.response.status_code', 'server.address', 'url.path.group',
  'miniprogram.platform',
])
const DEVICE_ID = /(^|\.)(device\.id|device_id|deviceid|user\.id|user_id|openid|unionid|client\.id|installation\.id|idfa|imei|android_id)$/i

/**
 * What the check remembers across the batches of one collector run: notes that are worth saying once (another
 * platform's data is expected, not a mistake) rather than on every batch. The collector keeps one per run and
 * starts a new one on reset(); checkContract without one treats the batch as a run of its own.
 */
export class ContractRun {
  private said = new Set<string>()

  /** True the first time `key` is asked about in this run. */
  first(key: string): boolean {
    if (this.said.has(key)) return false
    this.said.add(key)
    return true
  }
}

type IssueExtra = { metric?: string; index?: number; platform?: string }

class Report {
  issues: ContractIssue[] = []
  fed = new Map<string, FedMetric>()
  accepted = 0
  ignored = 0
  private seen = new Set<string>()

  constructor(readonly run: ContractRun) {}

  add(code: string, severity: Severity, message: string, extra: IssueExtra = {}): void {
    // one issue per code+metric+message in a batch keeps big batches readable
    const key = `${code}|${extra.metric ?? ''}|${message}`
    if (this.seen.has(key)) return
    this.seen.add(key)
    this.issues.push({ code, severity, message, ...extra })
  }

  feed(metric: string, scope: FedMetric['scope'], layer: FedMetric['layer'], rule: string): void {
    const cur = this.fed.get(metric)
    if (cur) cur.count++
    else this.fed.set(metric, { metric, scope, layer, count: 1, rule })
  }
}

function str(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v)
}

/** Checks the resource attributes every OTLP request carries; returns the platform when the OAP rules accept it. */
function checkResource(r: Report, res: Record<string, unknown>, where: 'metric' | 'log', pointPlatform?: unknown): MpPlatform | null {
  let ok = true
  const service = str(res['service.name'])
  if (!service) {
    r.add('missing-service-name', 'error', 'resource has no service.name: OAP has no service to attach the data to (service_name label empty), so it is dropped')
    ok = false
  } else if (service.length > MAX_NAME) {
    r.add('service-name-too-long', 'error', `service.name is ${service.length} characters (> ${MAX_NAME}): OAP refuses the service name`)
    ok = false
  }
  const instance = str(res['service.instance.id'])
  if (!instance) {
    r.add('missing-instance', 'warn', "resource has no service.instance.id: the per-version (instance) metrics meter_*_mp_instance_* get no traffic; set it to the app version")
  } else if (instance.length > MAX_NAME) {
    r.add('instance-too-long', 'error', `service.instance.id is ${instance.length} characters (> ${MAX_NAME}): OAP refuses the instance name`)
  }
  if (res['service.layer'] !== undefined) {
    r.add('service-layer-present', 'error', `resource carries service.layer=${JSON.stringify(res['service.layer'])}: OAP takes the layer from it instead of WECHAT_MINI_PROGRAM / ALIPAY_MINI_PROGRAM; never send service.layer`)
  }
  for (const k of ['service.version', 'telemetry.sdk.name', 'telemetry.sdk.version']) {
    if (res[k] === undefined) r.add('missing-resource-attribute', 'info', `resource has no ${k}`)
  }
  // for metrics a data-point attribute overrides the resource one; the LAL rule reads the resource only
  const raw = where === 'metric' && pointPlatform !== undefined ? pointPlatform : res['miniprogram.platform']
  const platform = str(raw)
  if (platform === undefined) {
    r.add('missing-platform', 'error', where === 'log'
      ? "resource has no miniprogram.platform: lal/miniprogram.yaml aborts (sourceAttribute(\"miniprogram.platform\") must be 'wechat' or 'alipay'); the log lands in GENERAL"
      : "no miniprogram.platform attribute: the otel-rules/miniprogram filters (tags.miniprogram_platform == 'wechat' / 'alipay') drop every point")
    return null
  }
  const mp = checkPlatform(r, platform)
  return ok ? mp : null
}

function isMpPlatform(p: string): p is MpPlatform {
  return (PLATFORMS as readonly string[]).includes(p)
}

function isOtherPlatform(p: string): boolean {
  return (OTHER_PLATFORMS as readonly string[]).includes(p)
}

/**
 * WeChat and Alipay feed the dashboards; minimon's other hosts are expected and noted once per run (info);
 * anything else is most likely a typo or a build-target name, which silently hides the data, so it is warned.
 */
function checkPlatform(r: Report, platform: string): MpPlatform | null {
  if (isMpPlatform(platform)) return platform
  const lower = platform.trim().toLowerCase()
  if (isMpPlatform(lower)) {
    r.add('platform-case', 'error', `miniprogram.platform is ${JSON.stringify(platform)}: the OAP filters compare exactly; send lower case ${JSON.stringify(lower)}`)
  } else if (isOtherPlatform(platform)) {
    if (r.run.first(`other-platform|${platform}`)) {
      r.add('other-platform', 'info', `miniprogram.platform ${JSON.stringify(platform)} is for OTLP backends; OAP's mini-program dashboards do not read this platform (said once per run)`, { platform })
    }
  } else {
    const guess = isOtherPlatform(lower) ? lower : PLATFORM_ALIASES[lower]
    r.add('unknown-platform', 'warn', `miniprogram.platform ${JSON.stringify(platform)} is not a platform minimon knows (${[...PLATFORMS, ...OTHER_PLATFORMS].join(', ')})` +
      `${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : ''}: OAP's mini-program rules ignore it and OTLP backends list it as a platform of its own`, { platform })
  }
  return null
}

function checkPagePath(r: Report, page: unknown, what: string, extra: IssueExtra): boolean {
  if (page === undefined || page === null || page === '') {
    r.add('missing-page-path', 'warn', `${what} has no miniprogram.page.path: no endpoint (per-page) entity or metrics for it`, extra)
    return false
  }
  const p = String(page)
  if (p.length > MAX_PAGE_PATH) {
    r.add('page-path-too-long', 'error', `miniprogram.page.path is ${p.length} characters (> ${MAX_PAGE_PATH}): OAP refuses the endpoint name`, extra)
    return false
  }
  if (p.startsWith('/')) r.add('page-path-leading-slash', 'warn', `miniprogram.page.path ${JSON.stringify(p)} starts with '/': use the route as the platform reports it (e.g. pages/index/index) so endpoints match across platforms and traces`, extra)
  if (/[?#]/.test(p)) r.add('page-path-query', 'warn', `miniprogram.page.path ${JSON.stringify(p)} carries a query string: unbounded endpoint names`, extra)
  return true
}

function isZeroTime(t: unknown): boolean {
  return t === undefined || t === null || t === '' || t === '0' || t === 0
}

// ------------------------------------------------------------------ metrics

function checkMetric(r: Report, m: MetricPoint, index: number): void {
  const extra = { metric: m.name, index }
  const platform = checkResource(r, m.resource, 'metric', m.attributes['miniprogram.platform'])
  const rule = METRIC_RULES[m.name]
  let usable = platform !== null

  if (isZeroTime(m.raw?.timeUnixNano) || isZeroTime(m.timeUnixNano)) {
    r.add('missing-time', 'error', `${m.name}: data point has no timeUnixNano: OAP files it at 1970 and the minute buckets never show it`, extra)
    usable = false
  }
  const keys = (m.raw?.attributes || []).map((a: { key: string }) => a.key)
  const dup = keys.filter((k: string, i: number) => keys.indexOf(k) !== i)
  if (dup.length) r.add('duplicate-attribute', 'warn', `${m.name}: duplicate attribute keys ${[...new Set(dup)].join(', ')}`, extra)
  // one label value per session or user: every one a new series in OAP's meter storage
  const personal = ['session.id', 'enduser.id'].filter((k) => m.attributes[k] !== undefined || m.resource[k] !== undefined)
  if (personal.length) r.add('session-on-metric', 'error', `${m.name}: ${personal.join(', ')} on a metric: a label value per session or user explodes OAP's series (cardinality); they belong on logs and segments only`, extra)
  for (const k of Object.keys(m.attributes)) {
    if (DEVICE_ID.test(k)) r.add('device-id-label', 'error', `${m.name}: attribute ${k} looks like a device/user identifier: it becomes a metric label and explodes the backend's indexes`, extra)
  }

  if (!rule) {
    const why = m.name === 'miniprogram.first_paint.time'
      ? 'first_paint.time is an epoch timestamp, not a duration; the OAP rules do not aggregate it'
      : 'no OAP mini-program rule reads this metric name'
    r.add('metric-unused', 'info', `${m.name}: ${why}`, extra)
    r.ignored++
    return
  }
  if (platform && !rule.platforms.includes(platform)) {
    r.add('metric-not-for-platform', 'info', `${m.name} is only read for ${rule.platforms.join(', ')}; the ${platform} rules ignore it`, extra)
    usable = false
  }
  const page = m.attributes['miniprogram.page.path']
  const hasPage = checkPagePath(r, page, m.name, extra)

  if (rule.type === 'gauge') {
    if (m.type !== 'gauge') {
      r.add('metric-wrong-type', 'error', `${m.name} must be a Gauge (got ${m.type})`, extra)
      usable = false
    } else if (m.value === undefined) {
      r.add('gauge-no-value', 'error', `${m.name}: gauge point has neither asInt nor asDouble`, extra)
      usable = false
    } else if (m.valueType !== 'int' || !Number.isInteger(m.value)) {
      r.add('gauge-not-integer', 'warn', Number.isInteger(m.value)
        ? `${m.name}: value ${m.value} sent as asDouble; the contract is an integer number of ms (asInt)`
        : `${m.name}: value ${m.value} is not an integer number of ms; round it and send asInt`, extra)
    }
    if (m.value !== undefined && m.value < 0) r.add('gauge-negative', 'warn', `${m.name}: negative duration ${m.value}`, extra)
    if (m.unit && m.unit !== 'ms') r.add('unit-not-ms', 'warn', `${m.name}: unit ${JSON.stringify(m.unit)}; the dashboards show ms`, extra)
  } else {
    if (m.type !== 'histogram') {
      r.add('metric-wrong-type', 'error', `${m.name} must be an explicit-bucket Histogram (got ${m.type})`, extra)
      usable = false
    } else {
      if (m.temporality !== 1) {
        r.add('histogram-not-delta', 'error', `${m.name}: aggregationTemporality is ${m.temporality === 2 ? 'CUMULATIVE' : 'UNSPECIFIED'}; OAP sums each flush into requests-per-minute, so it must be DELTA (1)`, extra)
        usable = false
      }
      const bounds = m.explicitBounds || []
      const counts = m.bucketCounts || []
      if (bounds.some((b) => !Number.isInteger(b))) {
        r.add('bounds-not-integer', 'error', `${m.name}: explicit bounds [${bounds.join(', ')}] are not all integers; OAP reads them as 'le' labels in MILLISECONDS and the percentile breaks`, extra)
      }
      if (bounds.some((b, i) => i > 0 && b <= bounds[i - 1])) {
        r.add('bounds-not-sorted', 'error', `${m.name}: explicit bounds must increase strictly`, extra)
      }
      if (counts.length !== bounds.length + 1) {
        r.add('bucket-counts-length', 'error', `${m.name}: bucket_counts has ${counts.length} entries, bounds ${bounds.length}: it must be bounds + 1 (${bounds.length + 1})`, extra)
        usable = false
      } else if (counts.reduce((a, b) => a + b, 0) !== m.count) {
        r.add('histogram-count-mismatch', 'warn', `${m.name}: count ${m.count} differs from the sum of bucket_counts ${counts.reduce((a, b) => a + b, 0)}`, extra)
      }
      for (const k of Object.keys(m.attributes)) {
        if (!HISTOGRAM_ATTRS.has(k) && !DEVICE_ID.test(k)) {
          r.add('histogram-extra-attribute', 'info', `${m.name}: attribute ${k} is not in the contract; every distinct value is a new series`, extra)
        }
      }
      const group = m.attributes['url.path.group']
      if (group !== undefined && /[?#]|\/\d{3,}(\/|$)|[0-9a-f]{16,}/i.test(String(group))) {
        r.add('url-group-cardinality', 'warn', `${m.name}: url.path.group ${JSON.stringify(group)} looks unbounded (ids or query); group it`, extra)
      }
    }
    if (m.unit && m.unit !== 'ms') r.add('unit-not-ms', 'warn', `${m.name}: unit ${JSON.stringify(m.unit)}; bounds are read as ms`, extra)
  }

  if (!usable || !platform) {
    r.ignored++
    return
  }
  r.accepted++
  const layer = LAYER[platform]
  for (const n of rule.service) r.feed(`meter_${platform}_mp_${n}`, 'service', layer, ruleFile(platform, false))
  if (m.resource['service.instance.id']) {
    for (const n of rule.service) r.feed(`meter_${platform}_mp_instance_${n}`, 'instance', layer, ruleFile(platform, true))
  }
  if (hasPage) for (const n of rule.endpoint) r.feed(`meter_${platform}_mp_${n}`, 'endpoint', layer, ruleFile(platform, false))
}

// ------------------------------------------------------------------ logs

function checkLog(r: Report, l: LogRecord, index: number): void {
  const extra = { index }
  const event = l.attributes['event.name']
  if ((event === 'session.start' || event === 'session.end') && l.attributes['exception.type'] === undefined) {
    // minimon's sessionEvents(): made for OTLP backends, never for OAP
    r.add('session-event', 'error', `${event} log (minimon's sessionEvents()): it has no exception.type, so lal/miniprogram.yaml aborts and OAP stores it in the GENERAL layer; send session events to OTLP backends only (an OpenTelemetry Collector, a log store), never to OAP`, extra)
    r.ignored++
    return
  }
  const platform = checkResource(r, l.resource, 'log')
  if (!l.resource['miniprogram.platform'] && l.attributes['miniprogram.platform'] !== undefined) {
    r.add('platform-on-log', 'error', 'miniprogram.platform is a log attribute, but lal/miniprogram.yaml reads it from the resource (sourceAttribute); put it on the resource', extra)
  }
  const type = l.attributes['exception.type']
  let usable = checkExceptionType(r, type, extra) && platform !== null
  if (isZeroTime(l.raw?.timeUnixNano)) {
    r.add('missing-time', 'error', 'log has no timeUnixNano: the error_count sample is stamped with log.timestamp and lands at 1970 (or is dropped)', extra)
    usable = false
  }
  if (l.severityNumber < 17 || l.severityNumber > 20) {
    r.add('log-not-error', 'warn', `severityNumber ${l.severityNumber} (${l.severityText || 'no text'}) is not ERROR (17–20); only error logs belong in the mini-program layer`, extra)
  } else if (l.severityText && l.severityText !== 'ERROR') {
    r.add('log-severity-text', 'info', `severityText ${JSON.stringify(l.severityText)}; expected 'ERROR'`, extra)
  }
  checkLogBody(r, l, type !== undefined, extra)
  const keys = (l.raw?.attributes || []).map((a: { key: string }) => a.key)
  const dup = keys.filter((k: string, i: number) => keys.indexOf(k) !== i)
  if (dup.length) r.add('duplicate-attribute', 'warn', `duplicate log attribute keys: ${[...new Set(dup)].join(', ')}`, extra)
  // no exception.message is expected: the body is the message, and OAP reads the body
  if (l.attributes['exception.stacktrace'] === undefined && type !== undefined) r.add('missing-exception-field', 'info', 'error log has no exception.stacktrace', extra)
  if (type === 'ajax') checkAjax(r, l, extra)
  const hasPage = checkPagePath(r, l.attributes['miniprogram.page.path'], 'error log', extra)

  if (!usable || !platform) {
    r.ignored++
    return
  }
  r.accepted++
  const layer = LAYER[platform]
  const lal = `${RULES}lal/miniprogram.yaml`
  r.feed(`meter_${platform}_mp_error_count`, 'service', layer, `${RULES}log-mal-rules/miniprogram.yaml`)
  r.feed(`log (${layer})`, 'service', layer, lal)
  if (l.resource['service.instance.id']) r.feed(`log (${layer}, instance)`, 'instance', layer, lal)
  if (hasPage) r.feed(`log (${layer}, endpoint)`, 'endpoint', layer, lal)
}

/** What every ajax error carries → the LAL log tag it fills. */
const AJAX_TAGS: Record<string, string> = { 'http.request.method': 'http.method', 'server.address': 'server.address' }

/**
 * An ajax error names the request's method and server. Its status is there only when a response came: a network
 * failure or a timeout has none, and OpenTelemetry's HTTP conventions send `http.response.status_code` only when
 * one was received. LAL copies the three into the log tags http.method / http.status / server.address, and its
 * extractor (ExtractorSpec.tag) skips a null value, so such a log is stored and counted as any other: a note,
 * once per run, not a warning.
 */
function checkAjax(r: Report, l: LogRecord, extra: { index: number }): void {
  const missing = Object.keys(AJAX_TAGS).filter((k) => l.attributes[k] === undefined)
  if (missing.length) r.add('ajax-missing-http', 'warn', `ajax error without ${missing.join(', ')}: OAP's log tags ${missing.map((k) => AJAX_TAGS[k]).join(', ')} stay empty`, extra)
  if (l.attributes['http.response.status_code'] === undefined && r.run.first('ajax-no-status')) {
    r.add('ajax-no-status', 'info', 'ajax error without http.response.status_code: a request that got no response (network failure, timeout); OAP stores and counts it, with no http.status tag (said once per run)', extra)
  }
}

/** False when LAL would abort on the type (missing or empty); a malformed type is still counted, so only warned. */
function checkExceptionType(r: Report, type: unknown, extra: { index: number }): boolean {
  if (type === undefined || type === null || type === '') {
    r.add('log-missing-exception-type', 'error', 'log without exception.type (or an empty one): lal/miniprogram.yaml aborts and the default rule stores it in the GENERAL layer, polluting it; only send error logs', extra)
    return false
  }
  if (typeof type !== 'string') {
    r.add('exception-type-malformed', 'warn', `exception.type is a ${typeof type} (${JSON.stringify(type)}), not a string: send the category as a stringValue`, extra)
  } else if (!EXCEPTION_TYPE_PATTERN.test(type)) {
    r.add('exception-type-malformed', 'warn', `exception.type ${JSON.stringify(type.length > 60 ? type.slice(0, 59) + '…' : type)} is not a short identifier (1–32 characters of A-Z a-z 0-9 _ . -): OAP counts it as it is, so it becomes an exception_type label of its own; use a built-in category (${EXCEPTION_TYPES.join(', ')}) or your own short one (manual, payment)`, extra)
  }
  return true
}

function checkLogBody(r: Report, l: LogRecord, hasType: boolean, extra: { index: number }): void {
  const isError = hasType || l.severityNumber >= 17
  const empty = l.body === undefined || l.body === null || (typeof l.body === 'string' && l.body.trim() === '')
  if (isError && empty) {
    // LAL keeps the body as the log's text content: the OAP log view would list an entry with nothing in it
    r.add('log-body-empty', 'warn', 'error log with an empty body: OAP stores the body as the text of the log, so its log view shows an empty entry; put the error message in the body', extra)
  } else if (typeof l.body !== 'string') {
    r.add('log-body-not-string', 'warn', 'log body is not a stringValue: the OAP log view shows the error message from the body as text', extra)
  }
}

// ------------------------------------------------------------------ segments

function checkSegment(r: Report, s: SegmentObject, index: number): void {
  const extra = { index }
  let usable = true
  for (const k of ['traceId', 'traceSegmentId', 'service', 'serviceInstance'] as const) {
    if (typeof s[k] !== 'string' || s[k] === '') {
      r.add('segment-missing-field', 'error', `segment has no ${k} (string)${k === 'serviceInstance' ? "; send '-' when unset" : ''}`, extra)
      usable = false
    }
  }
  if (typeof s.service === 'string' && s.service.length > MAX_NAME) {
    r.add('service-name-too-long', 'error', `segment service is ${s.service.length} characters (> ${MAX_NAME})`, extra)
    usable = false
  }
  if (typeof s.serviceInstance === 'string' && s.serviceInstance.length > MAX_NAME) {
    r.add('instance-too-long', 'error', `segment serviceInstance is ${s.serviceInstance.length} characters (> ${MAX_NAME})`, extra)
  }
  if (!Array.isArray(s.spans) || s.spans.length === 0) {
    r.add('segment-missing-field', 'error', 'segment has no spans', extra)
    r.ignored++
    return
  }
  if (s.spans.length !== 1) r.add('segment-span-count', 'info', `segment has ${s.spans.length} spans; minimon sends one Exit span per request`, extra)
  const span: SpanObject = s.spans[0] || {}
  if (span.spanId !== 0 || span.parentSpanId !== -1) {
    r.add('segment-span-ids', 'error', `span ids are spanId=${JSON.stringify(span.spanId)}, parentSpanId=${JSON.stringify(span.parentSpanId)}; the single span must be spanId 0, parentSpanId -1`, extra)
    usable = false
  }
  if (span.spanType !== 'Exit') {
    r.add('segment-span-type', 'error', `spanType is ${JSON.stringify(span.spanType)}; must be "Exit" (a client call) for OAP to draw the edge to the peer`, extra)
    usable = false
  }
  if (span.spanLayer !== 'Http') {
    r.add('segment-span-layer', 'error', `spanLayer is ${JSON.stringify(span.spanLayer)}; must be "Http"`, extra)
  }
  const tags: Record<string, unknown> = {}
  if (span.tags !== undefined && !Array.isArray(span.tags)) {
    r.add('segment-tag-value', 'error', 'span tags must be an array of {key, value}', extra)
  }
  for (const t of Array.isArray(span.tags) ? span.tags : []) {
    if (!t || typeof t.key !== 'string') continue
    tags[t.key] = t.value
    if (typeof t.value !== 'string') r.add('segment-tag-value', 'error', `tag ${t.key} has a ${typeof t.value} value; KeyStringValuePair values are strings`, extra)
  }
  const tagPlatform = typeof tags['miniprogram.platform'] === 'string' ? (tags['miniprogram.platform'] as string) : undefined
  checkComponent(r, span.componentId, tagPlatform, extra)
  if (typeof span.peer !== 'string' || span.peer === '') {
    r.add('segment-peer', 'error', 'span has no peer (host[:port] of the server called); OAP cannot draw the edge', extra)
    usable = false
  } else if (!/^[^\s/:?#]+(:\d{1,5})?$/.test(span.peer) && !/^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(span.peer)) {
    r.add('segment-peer', 'error', `peer ${JSON.stringify(span.peer)} is not host[:port] (no scheme, no path)`, extra)
  }
  if (typeof span.operationName !== 'string' || span.operationName === '') {
    r.add('segment-operation-name', 'warn', 'span has no operationName (the page path)', extra)
  } else if (span.operationName.length > MAX_PAGE_PATH) {
    r.add('page-path-too-long', 'error', `operationName is ${span.operationName.length} characters (> ${MAX_PAGE_PATH})`, extra)
  }
  const st = span.startTime
  const et = span.endTime
  const epochMs = (t: unknown) => typeof t === 'number' && Number.isInteger(t) && t > 1e12 && t < 1e13
  if (!epochMs(st) || !epochMs(et)) {
    r.add('segment-time', 'error', `startTime / endTime must be integer epoch milliseconds (got ${JSON.stringify(st)} / ${JSON.stringify(et)})`, extra)
    usable = false
  } else if ((et as number) < (st as number)) {
    r.add('segment-time', 'error', `endTime ${et} is before startTime ${st}`, extra)
    usable = false
  }
  if (typeof span.isError !== 'boolean') r.add('segment-is-error', 'warn', 'span has no boolean isError', extra)
  const missing = ['http.method', 'url', 'http.status_code', 'miniprogram.platform'].filter((k) => tags[k] === undefined)
  if (missing.length) r.add('segment-missing-tag', 'warn', `span lacks tags ${missing.join(', ')}`, extra)
  if (typeof tags.url === 'string' && /[?#]/.test(tags.url)) {
    r.add('segment-url-query', 'warn', `url tag ${JSON.stringify(tags.url)} carries a query string or fragment; strip it (privacy)`, extra)
  }
  if (!usable) {
    r.ignored++
    return
  }
  r.accepted++
  const layer: FedMetric['layer'] = span.componentId === 10003 ? 'ALIPAY_MINI_PROGRAM' : span.componentId === 10002 ? 'WECHAT_MINI_PROGRAM' : 'GENERAL'
  // the layer is in the name (as for logs): fed entries are keyed by name, and one batch may mix platforms
  r.feed(`trace (segment, ${layer})`, 'service', layer, 'DESIGN.md: /v3/segments')
  r.feed(`service relation → peer (${layer})`, 'service', layer, 'DESIGN.md: /v3/segments')
  if (s.serviceInstance && s.serviceInstance !== '-') r.feed(`trace (segment, ${layer}, instance)`, 'instance', layer, 'DESIGN.md: /v3/segments')
}

const COMPONENT_NAMES: Record<number, string> = { 10001: 'ajax', 10002: 'WeChat', 10003: 'Alipay' }

/** The id must be one of the three, and the one of the platform the segment's tag names. */
function checkComponent(r: Report, id: unknown, platform: string | undefined, extra: { index: number }): void {
  if (typeof id !== 'number' || !COMPONENT_NAMES[id]) {
    r.add('segment-component', 'error', `componentId is ${JSON.stringify(id)}; must be 10002 (WeChat), 10003 (Alipay) or ${GENERIC_COMPONENT_ID} (ajax: every other platform)`, extra)
    return
  }
  // without the tag the platform is unknown (segment-missing-tag says so)
  if (platform === undefined) return
  const expected = componentIdFor(platform)
  if (id === expected) return
  const why = id === GENERIC_COMPONENT_ID
    ? `the trace is filed as a generic ajax call instead of under the ${platform} mini program`
    : `${id} is ${COMPONENT_NAMES[id]}'s: the trace would be filed under that mini program; ${isMpPlatform(platform) ? 'never swap them' : 'other platforms never borrow it'}`
  r.add('segment-component-platform', 'error', `componentId ${id} does not match miniprogram.platform=${JSON.stringify(platform)}: expected ${expected} (${COMPONENT_NAMES[expected]}); ${why}`, extra)
}

// ------------------------------------------------------------------ entry point

/**
 * Checks one batch against the SkyWalking OAP mini-program contract. Pass the same `run` for every batch of a
 * collector run so that once-per-run notes (another platform seen) are not repeated.
 */
export function checkContract(batch: BatchInput, run: ContractRun = new ContractRun()): ContractReport {
  const r = new Report(run)
  if (batch.logs) batch.logs.forEach((l, i) => checkLog(r, l, i))
  if (batch.metrics) batch.metrics.forEach((m, i) => checkMetric(r, m, i))
  if (batch.segments) batch.segments.forEach((s, i) => checkSegment(r, s, i))
  if (batch.browser) {
    r.accepted += batch.browser.length
    r.add('browser-protocol', 'info', 'SkyWalking browser-protocol report: OAP files it under the BROWSER layer, not the mini-program dashboards')
  }
  const issues = r.issues
  return {
    kind: batch.kind,
    ok: !issues.some((i) => i.severity === 'error' || i.severity === 'warn'),
    accepted: r.accepted,
    ignored: r.ignored,
    fed: [...r.fed.values()],
    issues,
  }
}
