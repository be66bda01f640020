import type { Config } from '../config'
import type { Attributes, ErrorEvent, GaugeEvent, SegmentEvent } from '../types'
import type { Exporter, ExportRequest } from './exporter'
import { LAUNCH } from '../signals/perf'
import { stripQuery } from '../util/url'

/**
 * SkyWalking's browser protocol (apache/skywalking-data-collect-protocol `browser/BrowserPerf.proto`, as
 * OAP's BrowserPerfServiceHTTPHandler accepts it in JSON), for OAP's BROWSER layer:
 * - errors → `POST /browser/errorLogs`, an array of BrowserErrorLog;
 * - the page-load gauge → `POST /browser/perfData`, one BrowserPerfData (one page view);
 * - the LCP gauge → `POST /browser/perfData/webVitals`, one BrowserWebVitalsPerfData;
 * - segments → `POST /v3/segments` (component `ajax`, 10001, set by the web host).
 * Request histograms, route / time-on-page / first-render gauges and the drop counter have no place in
 * this protocol and are not sent. `time` fields are left to OAP, which sets them on arrival.
 */

/** Navigation timing: a PerformanceNavigationTiming entry, or the older `performance.timing`. */
export type Timing = Record<string, number>

const LCP = 'miniprogram.largest_contentful_paint.duration'

/** The message the web host gives a failed resource load; such errors are the protocol's `resource` category. */
export const resourceMessage = (tag: string, url: string) => 'Failed to load <' + tag.toLowerCase() + '> ' + url
const RESOURCE = /^Failed to load <(\w+)> (\S*)/
/** The first frame of a stack with a URL: `at f (https://h/app.js:12:5)`, `f@https://h/app.js:12:5`. */
const FRAME = /(\w+:\/\/[^\s)]+):(\d+):(\d+)/

/**
 * BrowserPerfData fields as skywalking-client-js derives them from navigation timing
 * (src/performance/perf.ts), so pages compare with those of other browser apps: field end start. Split
 * when a page's timing is first sent, not at import: the index entry carries this module on every platform.
 */
const PERF_FIELDS =
  'redirectTime redirectEnd redirectStart,dnsTime domainLookupEnd domainLookupStart,ttfbTime responseStart requestStart,' +
  'tcpTime connectEnd connectStart,transTime responseEnd responseStart,domAnalysisTime domInteractive responseEnd,' +
  'fptTime responseEnd fetchStart,domReadyTime domContentLoadedEventEnd fetchStart,loadPageTime loadEventStart fetchStart,' +
  'resTime loadEventStart domContentLoadedEventEnd,sslTime connectEnd secureConnectionStart,ttlTime domInteractive fetchStart,' +
  'firstPackTime responseStart domainLookupStart'

export function skywalkingBrowserExporter(cfg: Config, resource: Attributes, navigation: (time: number) => Timing | undefined): Exporter {
  const serviceVersion = resource['service.instance.id'] as string
  const request = (path: string, body: unknown): ExportRequest => ({
    url: (path[1] === 'v' ? cfg.traceCollector : cfg.collector) + path,
    body: JSON.stringify(body),
    contentType: 'application/json',
  })
  const about = (pagePath: string): Record<string, unknown> => ({ service: cfg.service, serviceVersion, pagePath })
  // the error that marks its page view as one with an error (OAP's error rate); js errors only, as skywalking-client-js
  let first = ''

  function errorLog(e: ErrorEvent) {
    const resourceError = RESOURCE.exec(e.message)
    const frame = FRAME.exec(e.stack)
    const category = resourceError || e.attributes['exception.source'] === 'resource' ? 'resource' : e.type === 'pageNotFound' ? 'unknown' : e.type
    const log = about(e.page)
    // unique per event and the same on every delivery, so OAP can tell a redelivered one
    log.uniqueId = e.id + '.' + e.time.toString(36)
    log.category = category
    log.grade = resourceError && resourceError[1] === 'img' ? 'Warning' : 'Error'
    log.message = e.message
    log.stack = e.stack
    log.errorUrl = resourceError ? resourceError[2] : e.type === 'ajax' ? e.message.split(' ')[1] : frame ? stripQuery(frame[1]) : ''
    if (frame) {
      log.line = +frame[2]
      log.col = +frame[3]
    }
    if (category === 'js' && (!first || first === e.id)) log.firstReportedError = !!(first = e.id)
    return log
  }

  return (signal, list) => {
    if (signal === 'logs') return [request('/browser/errorLogs', (list as ErrorEvent[]).map(errorLog))]
    if (signal === 'segments') return [request('/v3/segments', (list as SegmentEvent[]).map((r) => r.segment))]
    const out: ExportRequest[] = []
    for (const g of list as GaugeEvent[]) {
      const data = about(g.page)
      if (g.name === LAUNCH) {
        const t = navigation(g.time)
        if (!t) data.loadPageTime = g.value
        else
          for (const f of PERF_FIELDS.split(',')) {
            const [name, end, start] = f.split(' ')
            const v = t[end] - t[start]
            // an unset start (0) means the phase did not happen (e.g. no TLS), unless the end is unset too
            if (v >= 0 && (t[start] > 0 || !t[end])) data[name] = Math.round(v)
          }
        out.push(request('/browser/perfData', data))
      } else if (g.name === LCP) {
        data.lcpTime = g.value
        out.push(request('/browser/perfData/webVitals', data))
      }
    }
    return out
  }
}
