import type { Config } from '../config'
import type { Attributes, ErrorEvent, GaugeEvent, SegmentEvent } from '../types'
import type { Exporter } from './exporter'
import { encodeLogs, encodeMetrics, logsJson, metricsJson, type HistogramPoint, type SumPoint } from './otlp'
import type { QueuedRecord } from '../pipeline/queue'

const JSON_TYPE = 'application/json'

/** OTLP/HTTP to `collector` `/v1/logs` and `/v1/metrics` (protobuf or JSON), segments to `traceCollector` `/v3/segments`. */
export function otlpExporter(cfg: Config, resource: Attributes): Exporter {
  const json = cfg.encoding === 'json'
  return (signal, list) => {
    const only = <T extends QueuedRecord>(kind: T['kind']) => list.filter((r) => r.kind === kind) as T[]
    return [
      signal === 'segments'
        ? { url: cfg.traceCollector + '/v3/segments', body: JSON.stringify((list as SegmentEvent[]).map((r) => r.segment)), contentType: JSON_TYPE }
        : {
            url: cfg.collector + '/v1/' + signal,
            body:
              signal === 'logs'
                ? (json ? logsJson : encodeLogs)({ resource, logs: list as ErrorEvent[] })
                : (json ? metricsJson : encodeMetrics)({ resource, gauges: only<GaugeEvent>('gauge'), histogram: only<HistogramPoint>('histogram'), sums: only<SumPoint>('sum') }),
            contentType: json ? JSON_TYPE : 'application/x-protobuf',
          },
    ]
  }
}
