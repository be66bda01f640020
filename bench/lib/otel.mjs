// OpenTelemetry's serializers (@opentelemetry/otlp-transformer 0.214.0), its enums, and the reference
// decoder (otlp-proto-ref: protobufjs classes generated from opentelemetry-proto), plus the decoded-content
// comparison of two OTLP requests.
import { createRequire } from 'node:module'
import { requireFromBench } from './paths.mjs'

export function otel() {
  const transformer = requireFromBench('@opentelemetry/otlp-transformer')
  const fromTransformer = createRequire(requireFromBench.resolve('@opentelemetry/otlp-transformer'))
  const sdkMetrics = fromTransformer('@opentelemetry/sdk-metrics')
  const api = fromTransformer('@opentelemetry/api')
  return {
    version: requireFromBench('@opentelemetry/otlp-transformer/package.json').version,
    ProtobufLogsSerializer: transformer.ProtobufLogsSerializer,
    ProtobufMetricsSerializer: transformer.ProtobufMetricsSerializer,
    enums: { DataPointType: sdkMetrics.DataPointType, AggregationTemporality: sdkMetrics.AggregationTemporality, ValueType: api.ValueType },
  }
}

let proto
function reference() {
  if (!proto) proto = requireFromBench('otlp-proto-ref/build/src/generated/root.js').opentelemetry.proto
  return proto
}

const OBJECT = { longs: String, enums: Number, bytes: String, defaults: false, arrays: true }

function decode(type, bytes) {
  return type.toObject(type.decode(bytes), OBJECT)
}

function value(v) {
  if (!v) return undefined
  if ('stringValue' in v) return v.stringValue
  if ('intValue' in v) return 'int:' + v.intValue
  if ('doubleValue' in v) return 'double:' + v.doubleValue
  if ('boolValue' in v) return 'bool:' + v.boolValue
  return JSON.stringify(v)
}

function attrs(list = []) {
  const out = {}
  for (const kv of list) {
    if (kv.key in out) out['!duplicate ' + kv.key] = true
    out[kv.key] = value(kv.value)
  }
  const sorted = {}
  for (const k of Object.keys(out).sort()) sorted[k] = out[k]
  return sorted
}

const num = (v) => (v === undefined ? undefined : String(v))

/** The fields that matter of an ExportLogsServiceRequest, in a comparable form. */
export function logsContent(bytes) {
  const req = decode(reference().collector.logs.v1.ExportLogsServiceRequest, bytes)
  return (req.resourceLogs || []).map((rl) => ({
    resource: attrs(rl.resource && rl.resource.attributes),
    scopes: (rl.scopeLogs || []).map((sl) => ({
      scope: sl.scope && sl.scope.name + '@' + sl.scope.version,
      records: (sl.logRecords || []).map((r) => ({
        time: num(r.timeUnixNano),
        observed: num(r.observedTimeUnixNano),
        severity: r.severityNumber + ' ' + r.severityText,
        body: value(r.body),
        attributes: attrs(r.attributes),
      })),
    })),
  }))
}

/** The fields that matter of an ExportMetricsServiceRequest, metrics sorted by name. */
export function metricsContent(bytes) {
  const req = decode(reference().collector.metrics.v1.ExportMetricsServiceRequest, bytes)
  return (req.resourceMetrics || []).map((rm) => ({
    resource: attrs(rm.resource && rm.resource.attributes),
    scopes: (rm.scopeMetrics || []).map((sm) => ({
      scope: sm.scope && sm.scope.name + '@' + sm.scope.version,
      metrics: (sm.metrics || [])
        .map((m) => ({
          name: m.name,
          unit: m.unit,
          gauge: m.gauge && m.gauge.dataPoints.map((p) => ({ time: num(p.timeUnixNano), asInt: num(p.asInt), asDouble: p.asDouble, attributes: attrs(p.attributes) })),
          histogram: m.histogram && {
            temporality: m.histogram.aggregationTemporality,
            points: m.histogram.dataPoints.map((p) => ({
              start: num(p.startTimeUnixNano),
              time: num(p.timeUnixNano),
              count: num(p.count),
              sum: p.sum,
              min: p.min,
              max: p.max,
              bucketCounts: (p.bucketCounts || []).map(String).join(','),
              explicitBounds: (p.explicitBounds || []).join(','),
              attributes: attrs(p.attributes),
            })),
          },
        }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    })),
  }))
}

/** The first difference between two decoded contents, as a path and both values; undefined when equal. */
export function firstDifference(a, b, path = '') {
  if (a === b) return undefined
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return { path: path || '.', a, b }
  if (Array.isArray(a) !== Array.isArray(b)) return { path, a: 'array?' + Array.isArray(a), b: 'array?' + Array.isArray(b) }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const k of keys) {
    const d = firstDifference(a[k], b[k], path + (Array.isArray(a) ? `[${k}]` : '.' + k))
    if (d) return d
  }
  if (Array.isArray(a) && a.length !== b.length) return { path: path + '.length', a: a.length, b: b.length }
  return undefined
}

/** How many leaf values a decoded content has (to say how much was compared). */
export function leaves(x) {
  if (x === null || typeof x !== 'object') return x === undefined ? 0 : 1
  let n = 0
  for (const k in x) n += leaves(x[k])
  return n
}
