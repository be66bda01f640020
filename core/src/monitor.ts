import { say, type Config } from './config'
import type { Host } from './hosts/host'
import type { Attributes, GaugeEvent, LifecycleEvent, LogEvent, MonitorEvent, Platform } from './types'
import type { Context } from './signals/context'
import type { QueuedRecord } from './pipeline/queue'
import { createPipeline } from './pipeline/pipeline'
import { errorSignal } from './signals/errors'
import { createRequestHistogram, urlFacts, type FinishedRequest } from './signals/requests'
import { otlpExporter } from './exporters/otlp-exporter'
import { createTracer, type Trace } from './signals/tracing'
import { FIRST_RENDER, LAUNCH, lifecycleMeter, perfEntryReader, ROUTE } from './signals/perf'
import { SDK_NAME, SDK_VERSION } from './exporters/otlp'
import { eventId, randomId } from './util/ids'
import { createContext, short } from './signals/context'
import { normalizeRoute } from './util/url'

/** A running monitor. Every method is safe to call at any time and never throws. */
export interface Monitor {
  /** False when `init` was given bad options or found no platform: every method is then a no-op. */
  readonly enabled: boolean
  readonly platform: Platform | undefined
  /** Reports an error (`exception.type` `js` unless the attributes name another of OAP's types). */
  captureError(error: unknown, attributes?: Attributes): void
  /**
   * Reports an app or page lifecycle moment; the adapters call this. `route` is the page route (leading
   * slash and query are removed), `time` epoch ms (default now). Drives the current page, and launch,
   * first render, route and time-on-page durations where the platform has no performance API.
   */
  lifecycle(event: LifecycleEvent, route?: string, time?: number): void
  /** The page route every signal is tagged with. */
  currentPage(): string
  /** Sends everything queued now; resolves when the collector answered (or the send failed and will be retried). */
  flush(): Promise<void>
  /** Stops collecting, restores wrapped functions, sends what is queued and persists what could not be sent. */
  shutdown(): Promise<void>
  /** Adds the app's own breadcrumb (`type` default `custom`; both clipped to 200 characters). */
  addBreadcrumb(breadcrumb: { type?: string; message: string }): void
  /** `enduser.id` on the logs and segments from now on (the app's decision); `null` (or an empty id) removes it. */
  setUser(user: { id: string | number } | null): void
  /**
   * The user's answer. `true`: send what was kept and collect from now on; `false`: drop everything kept or
   * stored and keep nothing more. With `consent: 'remember'` the answer is stored for the next launches.
   */
  setConsent(granted: boolean): void
}

const done = () => Promise.resolve()

/** What `init` returns when it cannot start (bad options, no platform): every method does nothing. */
/**
 * An opt-in part (`use` option, see `@minimon/core/extras`). It gets the context (session, user,
 * breadcrumbs, consent, `push` for a log of its own), the host and the config, and may return its teardown,
 * which runs when the monitor shuts down, before the last flush.
 */
export type Plugin = (ctx: Context, host: Host, cfg: Config) => (() => void) | void

export const disabledMonitor: Monitor = {
  enabled: false,
  platform: undefined,
  captureError: done,
  lifecycle: done,
  currentPage: () => '',
  flush: done,
  shutdown: done,
  addBreadcrumb: done,
  setUser: done,
  setConsent: done,
}

/**
 * `claimed`: whether an adapter has said it reports the app and page lifecycle (see createApi); it is then
 * the one source, and the host's own App/Page wrappers stay silent.
 */
export function createMonitor(cfg: Config, host: Host, claimed: () => unknown = () => 0): Monitor {
  const log = (m: string) => {
    if (cfg.debug) say('log', m)
  }
  // the release and build id a build plugin stamps in (@minimon/taro/plugin, @minimon/uni-app/vite): defines,
  // read only through typeof, so a bundle without them runs the same
  const version = cfg.serviceVersion || (typeof __MINIMON_RELEASE__ == 'string' ? __MINIMON_RELEASE__ : '')
  const instance = cfg.serviceInstance || version || host.appVersion() || '-'
  const resource: Attributes = {
    'service.name': cfg.service,
    'service.instance.id': instance,
    'miniprogram.platform': host.name,
    'telemetry.sdk.name': SDK_NAME,
    'telemetry.sdk.version': SDK_VERSION,
  }
  if (version) resource['service.version'] = version
  if (typeof __MINIMON_BUILD_ID__ == 'string') resource['minimon.build.id'] = __MINIMON_BUILD_ID__
  const exporter = (host.exporter && host.exporter(cfg, resource)) || otlpExporter(cfg, resource)
  // consent: 1 given, 0 not asked yet (memory only), -1 refused; 'remember' reads the stored answer
  const CONSENT = 'minimon:consent:' + cfg.service
  const ctx = createContext(cfg)
  const remember = cfg.consent === 'remember'
  // 'pending' and 'remember' (after 'h'), not 'granted' or none
  ctx.consent = cfg.consent! > 'h' ? 0 : 1
  if (remember)
    try {
      ctx.consent = +host.getItem(CONSENT) || 0
    } catch (e) {
      // no storage: asked again
    }
  // The performance-entry reader and the request histogram are made at their first use, not by init: code
  // first run at start-up is compiled then, on the app's launch path. What waits in them joins the queue
  // before each flush: gauges waiting for a page, the requests' window.
  let entries: ReturnType<typeof perfEntryReader> | undefined
  let histogram: ReturnType<typeof createRequestHistogram> | undefined
  const pipeline = createPipeline(cfg, host, exporter, log, ctx.consent, () => {
    if (entries) entries.drain()
    if (histogram) histogram.close().forEach(pipeline.push)
  })
  const crumb = ctx.add
  const teardowns: (() => void)[] = []
  let reportedPage = ''
  let stopped = false

  // the platform's route, normalised once per route change
  let raw: string | undefined
  let route = ''
  const page = () => {
    if (reportedPage) return reportedPage
    const r = host.page()
    return r === raw ? route : (route = normalizeRoute((raw = r)))
  }

  function keep<T extends MonitorEvent>(e: T): T | undefined {
    if (!cfg.beforeSend) return e
    // the queue names records when they leave it; beforeSend sees the id they will be sent with
    if ((e as { id?: string }).id === '') (e as { id?: string }).id = eventId()
    try {
      const r = cfg.beforeSend(e) as unknown
      if (r === null || r === false) pipeline.drop('before_send')
      else return r && typeof r === 'object' && (r as MonitorEvent).kind === e.kind ? (r as T) : e
    } catch (err) {
      pipeline.drop('before_send_error')
    }
    return undefined
  }

  /** Queues what beforeSend keeps. */
  function queue<T extends MonitorEvent & QueuedRecord>(e: T): void {
    const k = keep(e)
    if (k) pipeline.push(k)
  }

  const errors = errorSignal(cfg, host, pipeline, page, keep, ctx)
  const report = errors.report

  // a session: from launch until the app has been hidden for sessionTimeout (or killed)
  let hidden = 0
  const session = () => (ctx.tags['session.id'] = randomId(32))
  session()

  function gauge(name: string, value: number, at: string) {
    // durations from app-reported times: a bad time or a clock jump gives values no dashboard should average
    if (stopped || !cfg.enable.perf || !(value >= 0 && value < 3600000)) return
    queue<GaugeEvent>({ kind: 'gauge', id: '', time: Date.now(), name, value: Math.round(value), page: at })
  }

  teardowns.push(
    errors.stop,
    host.onHide(() => {
      crumb('app', 'hide')
      hidden = Date.now()
      pipeline.hide()
    }),
    host.onShow(() => {
      if (hidden && Date.now() - hidden > cfg.sessionTimeout) session()
      hidden = 0
      crumb('app', 'show')
    }),
  )
  const stopPerf =
    cfg.enable.perf &&
    host.observePerformance &&
    host.observePerformance((list) => list.length > 0 && (entries = entries || perfEntryReader(gauge, page)).read(list) && pipeline.wake())
  if (stopPerf) teardowns.push(stopPerf)
  const meter = lifecycleMeter(gauge, stopPerf ? host.perfCovers || [LAUNCH, FIRST_RENDER, ROUTE] : [])

  if (cfg.enable.request || cfg.enable.tracing) {
    const facts = urlFacts(cfg)
    const tracer = cfg.enable.tracing && createTracer(cfg, host, instance, page, log, ctx)
    teardowns.push(
      host.instrumentRequests({
        skip: (url) => facts(url).skip,
        // (no trace header leaves before consent)
        // (none without tracing: a call less on every request)
        begin: tracer ? (url) => (ctx.consent > 0 ? tracer.begin(url, facts(url)) : undefined) : undefined,
        end(r: FinishedRequest) {
          if (stopped || ctx.consent < 0) return
          const u = facts(r.url)
          // the URL's group, never its path or query
          crumb('request', () => r.method + ' ' + u.group + ' ' + r.status + ' ' + (r.end - r.start) + 'ms')
          if (cfg.enable.request) {
            // the record is all this allocates: the URL's parts and group are known after its first call
            const ev = keep({
              kind: 'request',
              time: r.end,
              duration: r.end - r.start,
              method: r.method,
              status: r.status,
              host: u.host,
              port: u.port,
              group: u.group,
              page: page(),
            })
            if (ev) {
              ;(histogram = histogram || createRequestHistogram(cfg.maxGroups, () => pipeline.drop('cardinality'))).record(ev)
              pipeline.wake()
            }
            if (r.failed || r.status >= 400) {
              const a: Attributes = { 'http.request.method': r.method, 'server.address': u.host }
              if (r.status) a['http.response.status_code'] = r.status
              report('ajax', r.method + ' ' + u.origin + u.path + ' ' + (r.status || r.reason), '', a)
            }
          }
          if (tracer && r.context) {
            const t = r.context as Trace
            queue({ kind: 'segment', id: t.segmentId, time: r.end, segment: tracer.segment(t, r, u) })
          }
        },
      }),
    )
  }

  let shown = ''
  function lifecycle(event: LifecycleEvent, route?: string, time?: number) {
    try {
      const at = normalizeRoute(route) || page()
      // from its load on, a page is the current one: errors in onLoad belong to it
      if ((event === 'pageLoad' || event === 'pageShow') && at) reportedPage = at
      // a navigation: the page shown changed (from > to; a page opened since is loaded, one gone back to is not)
      if (event === 'pageLoad' || (event === 'pageShow' && at !== shown)) crumb('nav', event.slice(4) + ' ' + shown + ' > ' + (shown = at))
      meter(event, at, typeof time === 'number' ? time : Date.now())
    } catch (e) {
      // never into the app
    }
  }

  // Core alone still sees the lifecycle (Alipay's launch and first render come from nothing else), until an
  // adapter reports it: then each page view is measured once, by the adapter.
  let adapterReports: unknown
  if (host.wrapLifecycle)
    teardowns.push(
      host.wrapLifecycle(
        (event, route) => adapterReports || (adapterReports = claimed()) || lifecycle(event, route),
        log,
      ),
    )

  ctx.push = queue
  for (const plugin of cfg.use)
    try {
      teardowns.push(plugin(ctx, host, cfg) || done)
    } catch (e) {
      // a plugin that fails stays out; the monitor runs
    }

  return {
    enabled: true,
    platform: host.name,
    captureError: errors.capture,
    lifecycle(event, route, time) {
      adapterReports = 1
      lifecycle(event, route, time)
    },
    currentPage: page,
    flush: () => (stopped ? done() : pipeline.flush()),
    shutdown() {
      if (stopped) return done()
      stopped = true
      teardowns.forEach((t) => t())
      return pipeline.stop()
    },
    addBreadcrumb(b) {
      try {
        crumb(short(b.type || 'custom'), short(b.message))
      } catch (e) {
        // never into the app
      }
    },
    setUser(user) {
      if (user && user.id) ctx.tags['enduser.id'] = short(user.id)
      else delete ctx.tags['enduser.id']
    },
    setConsent(granted) {
      const c = (ctx.consent = granted ? 1 : -1)
      if (c < 0) ctx.clear()
      pipeline.consent(c)
      try {
        if (remember) host.setItem(CONSENT, '' + c)
      } catch (e) {
        // not remembered: asked again on the next launch
      }
    },
  }
}
