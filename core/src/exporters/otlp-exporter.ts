import type { Config } from '../config'
import type { Attributes, ErrorEvent, GaugeEvent, SegmentEvent } from '../types'
import type { Exporter } from './exporter'
import { encodeLogs, encodeMetrics, logsJson, metricsJson, type HistogramPoint, type SumPoint } from './otlp'
import type { QueuedRecord } from '../pipeline/queue'

const JSON_TYPE = 'application/json'

function only<T extends QueuedRecord>(list: QueuedRecord[], kind: T['kind']): T[] {
  return list.filter((r) => r.kind === kind) as T[]
}

/** OTLP/HTTP to `collector` `/v1/logs` and `/v1/metrics` (protobuf or JSON), segments to `traceCollector` `/v3/segments`. */
export function otlpExporter(cfg: Config, resource: Attributes): Exporter {
  const json = cfg.encoding === 'json'
  return (signal, list) => {
    if (signal === 'segments')
      return [{ url: cfg.traceCollector + '/v3/segments', body: JSON.stringify((list as SegmentEvent[]).map((r) => r.segment)), contentType: JSON_TYPE }]
    let body: Uint8Array | string
    if (signal === 'logs') {
      const b = { resource, logs: list as ErrorEvent[] }
      body = json ? logsJson(b) : encodeLogs(b)
    } else {
      const b = { resource, gauges: only<GaugeEvent>(list, 'gauge'), histogram: only<HistogramPoint>(list, 'histogram'), sums: only<SumPoint>(list, 'sum') }
      body = json ? metricsJson(b) : encodeMetrics(b)
    }
    return [{ url: cfg.collector + (signal === 'logs' ? '/v1/logs' : '/v1/metrics'), body, contentType: json ? JSON_TYPE : 'application/x-protobuf' }]
  }
}
