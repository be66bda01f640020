import type { Config } from '../config'
import type { Host } from '../hosts/host'
import type { Segment } from '../types'
import { base64 } from '../util/base64'
import { randomId } from '../util/ids'
import { matchesUrl, occurs, parseUrl, stripQuery, type UrlParts } from '../util/url'
import type { FinishedRequest } from './requests'
import type { Context } from './context'

export interface Trace {
  traceId: string
  segmentId: string
  page: string
}

export function createTracer(cfg: Config, host: Host, instance: string, page: () => string, log: (m: string) => void, ctx: Context) {
  const propagateTo = cfg.propagateTo.length ? cfg.propagateTo : host.propagateTo || []
  if (!propagateTo.length) log('tracing.propagateTo is empty: no sw8 header is sent')
  // SkyWalking v3 cross-process header: `1-traceId-segmentId-spanId-service-instance-endpoint-peer`, each
  // part base64 (UTF-8, padded); span, service and instance never change
  const fixed = '-0-' + base64(cfg.service) + '-' + base64(instance) + '-'
  return {
    /** Decides whether this request is traced, and the headers it carries (`u`: the URL's parts, when known). */
    begin(url: string, u: UrlParts = parseUrl(url)): { headers?: Record<string, string>; context: Trace } | undefined {
      // (urlBlacklist as mini-program-monitor has it: a string anywhere in the URL, a RegExp tested on it)
      if (Math.random() >= cfg.sampleRate || occurs(cfg.urlBlacklist, url)) return undefined
      // the endpoint of the trace is the page ('/' before any page is known)
      const t: Trace = { traceId: randomId(32), segmentId: randomId(32), page: page() || '/' }
      return { headers: matchesUrl(propagateTo, url, u.host) ? { sw8: '1-' + base64(t.traceId) + '-' + base64(t.segmentId) + fixed + base64(t.page) + '-' + base64(u.peer) } : undefined, context: t }
    },
    /** The segment of a finished traced request (`u`: the parts of its URL). */
    segment(t: Trace, r: FinishedRequest, u: UrlParts): Segment {
      // then session.id and enduser.id
      const tags: Record<string, string> = Object.assign({ 'http.method': r.method, url: stripQuery(r.url), 'http.status_code': '' + r.status, 'miniprogram.platform': host.name }, ctx.tags)
      return {
        traceId: t.traceId,
        traceSegmentId: t.segmentId,
        service: cfg.service,
        serviceInstance: instance,
        spans: [
          {
            operationName: t.page,
            startTime: r.start,
            endTime: r.end,
            spanType: 'Exit',
            spanLayer: 'Http',
            componentId: host.componentId,
            peer: u.peer,
            isError: r.failed || r.status >= 400,
            spanId: 0,
            parentSpanId: -1,
            tags: Object.keys(tags).map((key) => ({ key, value: tags[key] })),
          },
        ],
      }
    },
  }
}
