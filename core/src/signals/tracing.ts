import type { Config } from '../config'
import type { Host } from '../hosts/host'
import type { Segment } from '../types'
import { base64 } from '../util/base64'
import { randomId } from '../util/ids'
import { matchesUrl, parseUrl, stripQuery } from '../util/url'
import type { FinishedRequest } from './requests'

export interface Trace {
  traceId: string
  segmentId: string
  page: string
}

/** The SkyWalking v3 cross-process header: `1-traceId-segmentId-spanId-service-instance-endpoint-peer`, each part base64 (UTF-8, padded). */
export function sw8(t: Trace, service: string, instance: string, peer: string): string {
  return ['1', base64(t.traceId), base64(t.segmentId), '0', base64(service), base64(instance), base64(t.page || '/'), base64(peer)].join('-')
}

export function createTracer(cfg: Config, host: Host, instance: string, page: () => string, log: (m: string) => void) {
  const propagateTo = cfg.propagateTo.length ? cfg.propagateTo : host.propagateTo || []
  if (!propagateTo.length) log('tracing.propagateTo is empty: segments are recorded, but no request carries an sw8 header')
  return {
    /** Decides whether this request is traced, and the headers it carries. */
    begin(url: string): { headers?: Record<string, string>; context: Trace } | undefined {
      if (Math.random() >= cfg.sampleRate) return undefined
      const u = parseUrl(url)
      if (matchesUrl(cfg.urlBlacklist, url, u.host)) return undefined
      const t: Trace = { traceId: randomId(32), segmentId: randomId(32), page: page() }
      if (!matchesUrl(propagateTo, url, u.host)) return { context: t }
      return { headers: { sw8: sw8(t, cfg.service, instance, u.peer) }, context: t }
    },
    /** The segment of a finished traced request. */
    segment(t: Trace, r: FinishedRequest): Segment {
      return {
        traceId: t.traceId,
        traceSegmentId: t.segmentId,
        service: cfg.service,
        serviceInstance: instance,
        spans: [
          {
            operationName: t.page || '/',
            startTime: r.start,
            endTime: r.end,
            spanType: 'Exit',
            spanLayer: 'Http',
            componentId: host.componentId,
            peer: parseUrl(r.url).peer,
            isError: r.failed || r.status >= 400,
            spanId: 0,
            parentSpanId: -1,
            tags: [
              { key: 'http.method', value: r.method },
              { key: 'url', value: stripQuery(r.url) },
              { key: 'http.status_code', value: String(r.status) },
              { key: 'miniprogram.platform', value: host.name },
            ],
          },
        ],
      }
    },
  }
}
