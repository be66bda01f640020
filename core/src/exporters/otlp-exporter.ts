import type { Config } from '../config'
import type { Attributes, ErrorEvent, SegmentEvent } from '../types'
import type { Exporter } from './exporter'
import { otlpBody } from './otlp'

const JSON_TYPE = 'application/json'

/** OTLP/HTTP to `collector` `/v1/logs` and `/v1/metrics` (protobuf or JSON), segments to `traceCollector` `/v3/segments`. */
export function otlpExporter(cfg: Config, resource: Attributes): Exporter {
  const json = cfg.encoding === 'json'
  return (signal, list) => [
    signal === 'segments'
      ? { url: cfg.traceCollector + '/v3/segments', body: JSON.stringify((list as SegmentEvent[]).map((r) => r.segment)), contentType: JSON_TYPE }
      : // a signal's records are of its kinds only (signalOf)
        { url: cfg.collector + '/v1/' + signal, body: otlpBody(signal, list as ErrorEvent[], resource, json), contentType: json ? JSON_TYPE : 'application/x-protobuf' },
  ]
}
