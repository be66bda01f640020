import type { AttributeValue, Attributes, ErrorEvent, GaugeEvent } from '../types'
import { double, encode, fixed64, msg, nanos, packed8, str, uint, varint, type Writer } from './protobuf'

/** One closed histogram window of one attribute set (DELTA temporality). */
export interface HistogramPoint {
  kind: 'histogram'
  id: string
  start: number
  time: number
  attributes: Attributes
  /** bounds.length + 1 counts */
  counts: number[]
  count: number
  sum: number
  min: number
  max: number
}

export interface SumPoint {
  kind: 'sum'
  id: string
  name: string
  start: number
  time: number
  value: number
  attributes: Attributes
}

export interface LogsBatch {
  resource: Attributes
  logs: ErrorEvent[]
}

export interface MetricsBatch {
  resource: Attributes
  gauges: GaugeEvent[]
  histogram: HistogramPoint[]
  sums: SumPoint[]
}

export const REQUEST_DURATION = 'miniprogram.request.duration'
export const BOUNDS = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]
export const SDK_NAME = 'minimon'
export const SDK_VERSION = '0.1.0'
const PAGE = 'miniprogram.page.path'

export function logAttributes(e: ErrorEvent): Attributes {
  const a: Attributes = {}
  for (const k in e.attributes) a[k] = e.attributes[k]
  a['exception.type'] = e.type
  a['exception.message'] = e.message
  if (e.stack) a['exception.stacktrace'] = e.stack
  a[PAGE] = e.page
  a['log.record.uid'] = e.id
  if (e.count > 1) a['exception.count'] = e.count
  return a
}

function pointAttributes(page: string, extra?: Attributes): Attributes {
  const a: Attributes = {}
  for (const k in extra) a[k] = extra[k]
  a[PAGE] = page
  return a
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Record<string, T[]> {
  const out: Record<string, T[]> = {}
  for (const it of items) (out[key(it)] = out[key(it)] || []).push(it)
  return out
}

// ---- protobuf (opentelemetry/proto v1) ----

function anyValue(w: Writer, v: AttributeValue): void {
  if (typeof v === 'string') str(w, 1, v)
  else if (typeof v === 'boolean') uint(w, 2, v ? 1 : 0)
  else if (v >= 0 && v % 1 === 0 && v < 9007199254740992) uint(w, 3, v)
  else double(w, 4, v)
}

function keyValue(w: Writer, kv: [string, AttributeValue]): void {
  str(w, 1, kv[0])
  msg(w, 2, anyValue, kv[1])
}

function attributes(w: Writer, field: number, a: Attributes): void {
  for (const k in a) msg(w, field, keyValue, [k, a[k]])
}

function resource(w: Writer, a: Attributes): void {
  attributes(w, 1, a)
}

function scope(w: Writer): void {
  str(w, 1, SDK_NAME)
  str(w, 2, SDK_VERSION)
}

function logRecord(w: Writer, e: ErrorEvent): void {
  nanos(w, 1, e.time)
  uint(w, 2, 17) // SEVERITY_NUMBER_ERROR
  str(w, 3, 'ERROR')
  msg(w, 5, anyValue, e.message)
  attributes(w, 6, logAttributes(e))
  nanos(w, 11, e.time)
}

function scopeLogs(w: Writer, b: LogsBatch): void {
  msg(w, 1, scope, 0)
  for (const e of b.logs) msg(w, 2, logRecord, e)
}

function resourceLogs(w: Writer, b: LogsBatch): void {
  msg(w, 1, resource, b.resource)
  msg(w, 2, scopeLogs, b)
}

function logsRequest(w: Writer, b: LogsBatch): void {
  msg(w, 1, resourceLogs, b)
}

function gaugePoint(w: Writer, g: GaugeEvent): void {
  nanos(w, 3, g.time)
  varint(w, (6 << 3) | 1) // as_int, sfixed64
  fixed64(w, Math.max(0, Math.round(g.value)))
  attributes(w, 7, pointAttributes(g.page, g.attributes))
}

function gauge(w: Writer, points: GaugeEvent[]): void {
  for (const p of points) msg(w, 1, gaugePoint, p)
}

function histogramPoint(w: Writer, h: HistogramPoint): void {
  nanos(w, 2, h.start)
  nanos(w, 3, h.time)
  varint(w, (4 << 3) | 1)
  fixed64(w, h.count)
  double(w, 5, h.sum)
  packed8(w, 6, h.counts, false)
  packed8(w, 7, BOUNDS, true)
  attributes(w, 9, h.attributes)
  double(w, 11, h.min)
  double(w, 12, h.max)
}

function histogram(w: Writer, points: HistogramPoint[]): void {
  for (const p of points) msg(w, 1, histogramPoint, p)
  uint(w, 2, 1) // AGGREGATION_TEMPORALITY_DELTA
}

function sumPoint(w: Writer, s: SumPoint): void {
  nanos(w, 2, s.start)
  nanos(w, 3, s.time)
  varint(w, (6 << 3) | 1)
  fixed64(w, s.value)
  attributes(w, 7, s.attributes)
}

function sum(w: Writer, points: SumPoint[]): void {
  for (const p of points) msg(w, 1, sumPoint, p)
  uint(w, 2, 1)
  uint(w, 3, 1) // monotonic
}

type Metric = { name: string; unit: string; gauges?: GaugeEvent[]; histogram?: HistogramPoint[]; sums?: SumPoint[] }

function metric(w: Writer, m: Metric): void {
  str(w, 1, m.name)
  str(w, 3, m.unit)
  if (m.gauges) msg(w, 5, gauge, m.gauges)
  else if (m.sums) msg(w, 7, sum, m.sums)
  else msg(w, 9, histogram, m.histogram!)
}

function metricList(b: MetricsBatch): Metric[] {
  const out: Metric[] = []
  const byName = groupBy(b.gauges, (g) => g.name)
  for (const name in byName) out.push({ name, unit: 'ms', gauges: byName[name] })
  if (b.histogram.length) out.push({ name: REQUEST_DURATION, unit: 'ms', histogram: b.histogram })
  const sums = groupBy(b.sums, (s) => s.name)
  for (const name in sums) out.push({ name, unit: '1', sums: sums[name] })
  return out
}

function scopeMetrics(w: Writer, metrics: Metric[]): void {
  msg(w, 1, scope, 0)
  for (const m of metrics) msg(w, 2, metric, m)
}

function resourceMetrics(w: Writer, b: MetricsBatch): void {
  msg(w, 1, resource, b.resource)
  msg(w, 2, scopeMetrics, metricList(b))
}

function metricsRequest(w: Writer, b: MetricsBatch): void {
  msg(w, 1, resourceMetrics, b)
}

export const encodeLogs = (b: LogsBatch): Uint8Array => encode(logsRequest, b)
export const encodeMetrics = (b: MetricsBatch): Uint8Array => encode(metricsRequest, b)

// ---- OTLP/JSON (lowerCamelCase, 64-bit integers as decimal strings, enums as numbers) ----

const nanoString = (ms: number) => (Math.floor(ms) ? Math.floor(ms) + '000000' : '0')

function jsonValue(v: AttributeValue): Record<string, unknown> {
  if (typeof v === 'string') return { stringValue: v }
  if (typeof v === 'boolean') return { boolValue: v }
  return v % 1 === 0 && Math.abs(v) < 9007199254740992 ? { intValue: String(v) } : { doubleValue: v }
}

function jsonAttributes(a: Attributes) {
  const out = []
  for (const k in a) out.push({ key: k, value: jsonValue(a[k]) })
  return out
}

const jsonScope = () => ({ name: SDK_NAME, version: SDK_VERSION })

export function logsJson(b: LogsBatch): string {
  return JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: jsonAttributes(b.resource) },
        scopeLogs: [
          {
            scope: jsonScope(),
            logRecords: b.logs.map((e) => ({
              timeUnixNano: nanoString(e.time),
              observedTimeUnixNano: nanoString(e.time),
              severityNumber: 17,
              severityText: 'ERROR',
              body: { stringValue: e.message },
              attributes: jsonAttributes(logAttributes(e)),
            })),
          },
        ],
      },
    ],
  })
}

export function metricsJson(b: MetricsBatch): string {
  const metrics = metricList(b).map((m) => {
    const out: Record<string, unknown> = { name: m.name, unit: m.unit }
    if (m.gauges)
      out.gauge = {
        dataPoints: m.gauges.map((g) => ({
          timeUnixNano: nanoString(g.time),
          asInt: String(Math.max(0, Math.round(g.value))),
          attributes: jsonAttributes(pointAttributes(g.page, g.attributes)),
        })),
      }
    else if (m.sums)
      out.sum = {
        aggregationTemporality: 1,
        isMonotonic: true,
        dataPoints: m.sums.map((s) => ({
          startTimeUnixNano: nanoString(s.start),
          timeUnixNano: nanoString(s.time),
          asInt: String(s.value),
          attributes: jsonAttributes(s.attributes),
        })),
      }
    else
      out.histogram = {
        aggregationTemporality: 1,
        dataPoints: m.histogram!.map((h) => ({
          startTimeUnixNano: nanoString(h.start),
          timeUnixNano: nanoString(h.time),
          count: String(h.count),
          sum: h.sum,
          min: h.min,
          max: h.max,
          bucketCounts: h.counts.map(String),
          explicitBounds: BOUNDS,
          attributes: jsonAttributes(h.attributes),
        })),
      }
    return out
  })
  return JSON.stringify({
    resourceMetrics: [{ resource: { attributes: jsonAttributes(b.resource) }, scopeMetrics: [{ scope: jsonScope(), metrics }] }],
  })
}
