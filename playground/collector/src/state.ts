// Aggregated view of what arrived, for the viewer page (/api/state and /events).
import { estimatePercentile, type Bucket } from './percentile'
import type { ViewFrame } from './symbolicate-logs'
import type { Batch, BatchInput, ContractIssue, FedMetric, LogRecord, MetricPoint, RequestRecord, SegmentObject } from './types'

export interface ErrorRow {
  time: number
  type: string
  message: string
  stack: string
  page: string
  platform: string
  service: string
  version: string
  source: 'otlp' | 'browser'
  count: number
  /** With --sourcemaps: the original frames, and the stack as it arrived. */
  frames?: ViewFrame[]
  rawStack?: string
  /** `session.id` of the (latest) log, '' when it has none. */
  session: string
  /** `enduser.id`, '' when none. */
  user: string
  /** `minimon.breadcrumbs` of the latest log: `[ms relative to the error, type, message]`, oldest first. */
  breadcrumbs: [number, string, string][]
}

/** One session as the error logs (and, with sessionEvents(), the session events) show it. */
export interface SessionRow {
  id: string
  version: string
  platform: string
  user: string
  errors: number
  firstAt: number
  lastAt: number
  /** session.start seen */
  started: boolean
  /** session.end's reason, '' while not ended */
  ended: string
}

/** Crash-free sessions of one release (`service.version`), from session events only. */
export interface ReleaseRow {
  version: string
  /** sessions that sent session.start or session.end */
  sessions: number
  /** of those, sessions with at least one error */
  withErrors: number
  crashFree: number
}

export interface SessionsState {
  /** `events`: session events arrived, crash-free rates are known; `id`: only error logs carry session.id. */
  mode: 'events' | 'id' | 'none'
  sessions: SessionRow[]
  releases: ReleaseRow[]
  /** Why there is no crash-free rate, when there is none. */
  note: string
}

export interface PerfStat {
  last: number
  avg: number
  min: number
  max: number
  count: number
}

export interface PerfRow {
  page: string
  platform: string
  metrics: Record<string, PerfStat>
}

export interface LatencyRow {
  group: string
  platform: string
  count: number
  errors: number
  errorRate: number
  p50: number | null
  p90: number | null
  p99: number | null
  avg: number | null
  max: number | null
}

export interface TraceRow {
  time: number
  traceId: string
  segmentId: string
  service: string
  instance: string
  peer: string
  url: string
  method: string
  status: string
  durationMs: number | null
  isError: boolean
  page: string
  platform: string
}

export interface ContractRow {
  fed: (FedMetric & { lastAt: number })[]
  issues: (ContractIssue & { count: number; lastAt: number })[]
  batches: number
  okBatches: number
}

export interface StateSnapshot {
  url: string
  startedAt: number
  now: number
  counts: { requests: number; rejected: number; logs: number; errors: number; metricPoints: number; segments: number; browser: number; batches: number }
  errors: ErrorRow[]
  perf: PerfRow[]
  latency: LatencyRow[]
  traces: TraceRow[]
  contract: ContractRow
  sessions: SessionsState
  requests: Pick<RequestRecord, 'method' | 'path' | 'status' | 'bytes' | 'at' | 'contentType' | 'contentEncoding' | 'error'>[]
}

export const PERF_LABELS: Record<string, string> = {
  'miniprogram.app_launch.duration': 'launch',
  'miniprogram.first_render.duration': 'firstRender',
  'miniprogram.route.duration': 'route',
  'miniprogram.script.duration': 'script',
  'miniprogram.package_load.duration': 'packageLoad',
}

function perfLabel(name: string): string {
  if (PERF_LABELS[name]) return PERF_LABELS[name]
  const n = name.toLowerCase()
  if (/largest_contentful|(^|[._])lcp([._]|$)/.test(n)) return 'lcp'
  if (/first_contentful|(^|[._])fcp([._]|$)/.test(n)) return 'fcp'
  return name.replace(/^miniprogram\./, '')
}

interface LatencyAgg {
  group: string
  platform: string
  count: number
  errors: number
  sum: number
  min: number
  max: number
  buckets: Map<string, Bucket>
}

export class ViewerState {
  url = ''
  startedAt = Date.now()
  private counts = { requests: 0, rejected: 0, logs: 0, errors: 0, metricPoints: 0, segments: 0, browser: 0, batches: 0 }
  private errors: ErrorRow[] = []
  private perf = new Map<string, { page: string; platform: string; metrics: Map<string, PerfStat & { sum: number }> }>()
  private latency = new Map<string, LatencyAgg>()
  private traces: TraceRow[] = []
  private requests: StateSnapshot['requests'] = []
  private fed = new Map<string, FedMetric & { lastAt: number }>()
  private issues = new Map<string, ContractIssue & { count: number; lastAt: number }>()
  private batches = 0
  private okBatches = 0
  private sessions = new Map<string, SessionRow>()
  private sessionEvents = 0

  constructor(private limit = 500) {}

  reset(): void {
    for (const k of Object.keys(this.counts) as (keyof ViewerState['counts'])[]) this.counts[k] = 0
    this.errors = []
    this.perf.clear()
    this.latency.clear()
    this.traces = []
    this.requests = []
    this.fed.clear()
    this.issues.clear()
    this.batches = 0
    this.okBatches = 0
    this.sessions.clear()
    this.sessionEvents = 0
  }

  addRequest(r: RequestRecord): void {
    this.counts.requests++
    if (r.status >= 400 || r.status === 0) this.counts.rejected++
    this.requests.push({
      method: r.method, path: r.path, status: r.status, bytes: r.bytes, at: r.at,
      contentType: r.contentType, contentEncoding: r.contentEncoding, error: r.error,
    })
    if (this.requests.length > 100) this.requests.shift()
  }

  addBatch(input: BatchInput, batch: Batch): void {
    this.counts.batches++
    this.batches++
    if (batch.check.ok) this.okBatches++
    for (const l of input.logs || []) this.addLog(l)
    for (const m of input.metrics || []) this.addMetric(m)
    for (const s of input.segments || []) this.addSegment(s)
    for (const b of input.browser || []) this.addBrowser(b.path, b.body, b.at)
    const now = batch.at
    for (const f of batch.check.fed) {
      const key = f.metric
      const cur = this.fed.get(key)
      if (cur) {
        cur.count += f.count
        cur.lastAt = now
      } else this.fed.set(key, { ...f, lastAt: now })
    }
    for (const i of batch.check.issues) {
      // per platform too: two other platforms are two notes, not one whose text flips to the latest
      const key = `${i.code}|${i.metric ?? ''}|${i.platform ?? ''}`
      const cur = this.issues.get(key)
      if (cur) {
        cur.count++
        cur.lastAt = now
        cur.message = i.message
      } else this.issues.set(key, { ...i, count: 1, lastAt: now })
    }
  }

  private pushError(e: Omit<ErrorRow, 'count' | 'session' | 'user' | 'breadcrumbs'> & Partial<ErrorRow>): void {
    this.counts.errors++
    const row = { session: '', user: '', breadcrumbs: [], ...e }
    if (row.session) this.session(row.session, row.version, row.platform, row.user, row.time).errors++
    // fold repeats of the same error on the same page (and session) into one row
    const last = this.errors.find((x) => x.type === e.type && x.message === e.message && x.page === e.page && x.platform === e.platform && x.session === row.session)
    if (last) {
      last.count++
      last.time = Math.max(last.time, e.time)
      if (e.stack) last.stack = e.stack
      if (e.frames) {
        last.frames = e.frames
        last.rawStack = e.rawStack
      }
      if (row.breadcrumbs.length) last.breadcrumbs = row.breadcrumbs
      return
    }
    this.errors.push({ ...row, count: 1 })
    if (this.errors.length > this.limit) this.errors.shift()
  }

  private session(id: string, version: string, platform: string, user: string, at: number): SessionRow {
    let s = this.sessions.get(id)
    if (!s) {
      s = { id, version, platform, user, errors: 0, firstAt: at, lastAt: at, started: false, ended: '' }
      this.sessions.set(id, s)
      // bounded: the oldest session goes first
      if (this.sessions.size > this.limit) this.sessions.delete(this.sessions.keys().next().value!)
    }
    s.firstAt = Math.min(s.firstAt, at)
    s.lastAt = Math.max(s.lastAt, at)
    if (user) s.user = user
    return s
  }

  private addLog(l: LogRecord): void {
    this.counts.logs++
    const a = l.attributes
    const nanos = Number(l.timeUnixNano)
    const time = nanos > 0 ? Math.round(nanos / 1e6) : Date.now()
    const version = String(l.resource['service.version'] ?? l.resource['service.instance.id'] ?? '')
    const platform = String(l.resource['miniprogram.platform'] ?? a['miniprogram.platform'] ?? '')
    const name = a['event.name']
    if ((name === 'session.start' || name === 'session.end') && typeof a['session.id'] === 'string') {
      this.sessionEvents++
      const s = this.session(a['session.id'], version, platform, '', time)
      if (name === 'session.start') s.started = true
      else {
        s.ended = String(a['minimon.session.end_reason'] ?? 'ended')
        s.errors = Math.max(s.errors, Number(a['minimon.session.errors']) || 0)
      }
      return
    }
    if (l.severityNumber < 17 && a['exception.type'] === undefined) return
    let breadcrumbs: [number, string, string][] = []
    try {
      const parsed = JSON.parse(String(a['minimon.breadcrumbs'] ?? '[]'))
      if (Array.isArray(parsed)) breadcrumbs = parsed.filter(Array.isArray).map((c) => [Number(c[0]) || 0, String(c[1] ?? ''), String(c[2] ?? '')])
    } catch {
      // not ours, or cut short: no timeline
    }
    this.pushError({
      session: typeof a['session.id'] === 'string' ? a['session.id'] : '',
      user: typeof a['enduser.id'] === 'string' ? a['enduser.id'] : '',
      breadcrumbs,
      time: nanos > 0 ? Math.round(nanos / 1e6) : Date.now(),
      type: String(a['exception.type'] ?? (l.severityText || 'log')),
      message: String(a['exception.message'] ?? (typeof l.body === 'string' ? l.body : JSON.stringify(l.body ?? ''))),
      stack: String(a['exception.stacktrace'] ?? ''),
      ...(l.stack ? { frames: l.stack.frames, rawStack: l.stack.raw } : {}),
      page: String(a['miniprogram.page.path'] ?? ''),
      platform: String(l.resource['miniprogram.platform'] ?? a['miniprogram.platform'] ?? ''),
      service: String(l.resource['service.name'] ?? ''),
      version: String(l.resource['service.instance.id'] ?? l.resource['service.version'] ?? ''),
      source: 'otlp',
    })
  }

  private addMetric(m: MetricPoint): void {
    this.counts.metricPoints++
    const a = m.attributes
    const platform = String(a['miniprogram.platform'] ?? m.resource['miniprogram.platform'] ?? '')
    const page = String(a['miniprogram.page.path'] ?? '')
    if (m.type === 'histogram') {
      const group = groupOf(a)
      const key = `${platform}|${group}`
      let g = this.latency.get(key)
      if (!g) {
        g = { group, platform, count: 0, errors: 0, sum: 0, min: Infinity, max: -Infinity, buckets: new Map() }
        this.latency.set(key, g)
      }
      const count = m.count ?? 0
      g.count += count
      g.sum += m.sum ?? 0
      if (m.min !== undefined) g.min = Math.min(g.min, m.min)
      if (m.max !== undefined) g.max = Math.max(g.max, m.max)
      const status = a['http.response.status_code']
      if (status !== undefined && (Number(status) >= 400 || Number(status) === 0)) g.errors += count
      const bounds = m.explicitBounds || []
      const counts = m.bucketCounts || []
      for (let i = 0; i < counts.length; i++) {
        if (!counts[i]) continue
        const lower = i === 0 ? -Infinity : bounds[i - 1]
        const upper = i < bounds.length ? bounds[i] : Infinity
        const k = `${lower}|${upper}`
        const b = g.buckets.get(k)
        if (b) b.count += counts[i]
        else g.buckets.set(k, { lower, upper, count: counts[i] })
      }
      return
    }
    if ((m.type === 'gauge' || m.type === 'sum') && m.value !== undefined) {
      this.addPerf(page, platform, perfLabel(m.name), m.value)
    }
  }

  private addPerf(page: string, platform: string, label: string, value: number): void {
    if (!Number.isFinite(value)) return
    const key = `${platform}|${page}`
    let row = this.perf.get(key)
    if (!row) {
      row = { page, platform, metrics: new Map() }
      this.perf.set(key, row)
    }
    const s = row.metrics.get(label)
    if (s) {
      s.count++
      s.sum += value
      s.last = value
      s.min = Math.min(s.min, value)
      s.max = Math.max(s.max, value)
      s.avg = s.sum / s.count
    } else row.metrics.set(label, { last: value, avg: value, min: value, max: value, count: 1, sum: value })
  }

  private addSegment(s: SegmentObject): void {
    this.counts.segments++
    const span = (Array.isArray(s.spans) && s.spans[0]) || {}
    const tags: Record<string, string> = {}
    if (Array.isArray(span.tags)) for (const t of span.tags) if (t && typeof t.key === 'string') tags[t.key] = String(t.value)
    const dur = typeof span.endTime === 'number' && typeof span.startTime === 'number' ? span.endTime - span.startTime : null
    this.traces.push({
      time: typeof span.startTime === 'number' ? span.startTime : Date.now(),
      traceId: String(s.traceId ?? ''),
      segmentId: String(s.traceSegmentId ?? ''),
      service: String(s.service ?? ''),
      instance: String(s.serviceInstance ?? ''),
      peer: String(span.peer ?? ''),
      url: tags['url'] ?? '',
      method: tags['http.method'] ?? '',
      status: tags['http.status_code'] ?? '',
      durationMs: dur,
      isError: Boolean(span.isError),
      page: String(span.operationName ?? ''),
      platform: tags['miniprogram.platform'] ?? (span.componentId === 10002 ? 'wechat' : span.componentId === 10003 ? 'alipay' : ''),
    })
    if (this.traces.length > this.limit) this.traces.shift()
  }

  private addBrowser(path: string, body: unknown, at: number): void {
    this.counts.browser++
    const items = Array.isArray(body) ? body : [body]
    for (const it of items) {
      if (!it || typeof it !== 'object') continue
      const o = it as Record<string, unknown>
      if (path.startsWith('/browser/errorLog')) {
        this.pushError({
          time: at,
          type: String(o.category ?? 'js'),
          message: String(o.message ?? ''),
          stack: String(o.stack ?? '') + (o.errorUrl ? `\n    at ${o.errorUrl}:${o.line ?? '?'}:${o.col ?? '?'}` : ''),
          page: String(o.pagePath ?? ''),
          platform: 'h5',
          service: String(o.service ?? ''),
          version: String(o.serviceVersion ?? ''),
          source: 'browser',
        })
      } else if (path === '/browser/perfData' || path === '/browser/perfData/webVitals') {
        const page = String(o.pagePath ?? '')
        const map: Record<string, string> = { fptTime: 'fcp', fmpTime: 'fmp', lcpTime: 'lcp', loadPageTime: 'launch', domReadyTime: 'domReady', ttfbTime: 'ttfb' }
        for (const [k, label] of Object.entries(map)) {
          const v = Number(o[k])
          if (o[k] !== undefined && Number.isFinite(v) && v > 0) this.addPerf(page, 'h5', label, v)
        }
      }
    }
  }

  snapshot(): StateSnapshot {
    const latency: LatencyRow[] = [...this.latency.values()].map((g) => {
      const buckets = [...g.buckets.values()]
      const min = Number.isFinite(g.min) ? g.min : undefined
      const max = Number.isFinite(g.max) ? g.max : undefined
      return {
        group: g.group,
        platform: g.platform,
        count: g.count,
        errors: g.errors,
        errorRate: g.count ? g.errors / g.count : 0,
        p50: estimatePercentile(buckets, 0.5, min, max),
        p90: estimatePercentile(buckets, 0.9, min, max),
        p99: estimatePercentile(buckets, 0.99, min, max),
        avg: g.count ? g.sum / g.count : null,
        max: max ?? null,
      }
    }).sort((a, b) => b.count - a.count)
    const perf: PerfRow[] = [...this.perf.values()].map((r) => {
      const metrics: Record<string, PerfStat> = {}
      for (const [k, s] of r.metrics) metrics[k] = { last: s.last, avg: s.avg, min: s.min, max: s.max, count: s.count }
      return { page: r.page, platform: r.platform, metrics }
    }).sort((a, b) => (a.platform + a.page).localeCompare(b.platform + b.page))
    const sevRank = { error: 0, warn: 1, info: 2 }
    return {
      url: this.url,
      startedAt: this.startedAt,
      now: Date.now(),
      counts: { ...this.counts },
      errors: [...this.errors].sort((a, b) => b.time - a.time),
      perf,
      latency,
      traces: [...this.traces].reverse(),
      sessions: this.sessionsState(),
      contract: {
        fed: [...this.fed.values()].sort((a, b) => a.metric.localeCompare(b.metric)),
        issues: [...this.issues.values()].sort((a, b) => sevRank[a.severity] - sevRank[b.severity] || b.lastAt - a.lastAt),
        batches: this.batches,
        okBatches: this.okBatches,
      },
      requests: [...this.requests].reverse(),
    }
  }

  private sessionsState(): SessionsState {
    const sessions = [...this.sessions.values()].sort((a, b) => b.lastAt - a.lastAt)
    const mode = this.sessionEvents ? 'events' : sessions.length ? 'id' : 'none'
    const releases = new Map<string, ReleaseRow>()
    if (mode === 'events')
      for (const s of sessions) {
        // only sessions the events tell about: an error log alone says nothing of the sessions without errors
        if (!s.started && !s.ended) continue
        let r = releases.get(s.version)
        if (!r) releases.set(s.version, (r = { version: s.version, sessions: 0, withErrors: 0, crashFree: 1 }))
        r.sessions++
        if (s.errors) r.withErrors++
        r.crashFree = 1 - r.withErrors / r.sessions
      }
    return {
      mode,
      sessions: sessions.slice(0, 50),
      releases: [...releases.values()].sort((a, b) => a.version.localeCompare(b.version)),
      note:
        mode === 'events'
          ? ''
          : 'No crash-free rate: by default only error logs carry session.id, and sessions without errors are never sent, so there is nothing to divide by. ' +
            "Add sessionEvents() from @minimon/core/extras (use: [sessionEvents()]) to send session.start / session.end; OTLP backends only: OAP would store them in its GENERAL layer.",
    }
  }
}

function groupOf(a: Record<string, unknown>): string {
  const parts: string[] = []
  if (a['http.request.method'] !== undefined) parts.push(String(a['http.request.method']))
  const host = a['server.address'] !== undefined ? String(a['server.address']) : ''
  const path = a['url.path.group'] !== undefined ? String(a['url.path.group']) : ''
  if (host || path) parts.push(host + path)
  return parts.length ? parts.join(' ') : '(all requests)'
}
