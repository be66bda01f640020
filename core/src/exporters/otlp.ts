import type { AttributeValue, Attributes, ErrorEvent, GaugeEvent } from '../types'
import { anyValue, attr, double, encode, fixed64, msg, nanos, packed8, str, uint } from './protobuf'

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

/** The attributes of an error log besides the event's own (which they replace when named alike). */
function errorAttributes(e: ErrorEvent, put: (k: string, v: AttributeValue) => void): void {
  put('exception.type', e.type)
  put('exception.message', e.message)
  if (e.stack) put('exception.stacktrace', e.stack)
  put(PAGE, e.page)
  put('log.record.uid', e.id)
  if (e.count > 1) put('exception.count', e.count)
}

export function logAttributes(e: ErrorEvent): Attributes {
  const a: Attributes = {}
  for (const k in e.attributes) a[k] = e.attributes[k]
  errorAttributes(e, (k, v) => (a[k] = v))
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

function attributes(field: number, a: Attributes | undefined, except?: string): void {
  for (const k in a) if (k !== except) attr(field, k, a[k])
}

const logAttribute = (k: string, v: AttributeValue) => attr(6, k, v)

function scope(): void {
  str(1, SDK_NAME)
  str(2, SDK_VERSION)
}

function logRecord(e: ErrorEvent): void {
  nanos(1, e.time)
  uint(2, 17) // SEVERITY_NUMBER_ERROR
  str(3, 'ERROR')
  msg(5, anyValue, e.message)
  for (const k in e.attributes) {
    let own = true
    errorAttributes(e, (x) => (own = own && x !== k))
    if (own) logAttribute(k, e.attributes[k])
  }
  errorAttributes(e, logAttribute)
  nanos(11, e.time)
}

function scopeLogs(b: LogsBatch): void {
  msg(1, scope, 0)
  for (const e of b.logs) msg(2, logRecord, e)
}

function resourceLogs(b: LogsBatch): void {
  msg(1, attributes, 1, b.resource)
  msg(2, scopeLogs, b)
}

function logsRequest(b: LogsBatch): void {
  msg(1, resourceLogs, b)
}

function gaugePoint(g: GaugeEvent): void {
  nanos(3, g.time)
  fixed64(6, Math.max(0, Math.round(g.value))) // as_int (sfixed64)
  attributes(7, g.attributes, PAGE)
  attr(7, PAGE, g.page)
}

function gauge(points: GaugeEvent[]): void {
  for (const p of points) msg(1, gaugePoint, p)
}

function histogramPoint(h: HistogramPoint): void {
  nanos(2, h.start)
  nanos(3, h.time)
  fixed64(4, h.count)
  double(5, h.sum)
  packed8(6, h.counts)
  packed8(7, BOUNDS, true)
  attributes(9, h.attributes)
  double(11, h.min)
  double(12, h.max)
}

function histogram(points: HistogramPoint[]): void {
  for (const p of points) msg(1, histogramPoint, p)
  uint(2, 1) // AGGREGATION_TEMPORALITY_DELTA
}

function sumPoint(s: SumPoint): void {
  nanos(2, s.start)
  nanos(3, s.time)
  fixed64(6, s.value)
  attributes(7, s.attributes)
}

function sum(points: SumPoint[]): void {
  for (const p of points) msg(1, sumPoint, p)
  uint(2, 1)
  uint(3, 1) // monotonic
}

type Metric = { name: string; unit: string; gauges?: GaugeEvent[]; histogram?: HistogramPoint[]; sums?: SumPoint[] }

function metric(m: Metric): void {
  str(1, m.name)
  str(3, m.unit)
  if (m.gauges) msg(5, gauge, m.gauges)
  else if (m.sums) msg(7, sum, m.sums)
  else msg(9, histogram, m.histogram!)
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

function scopeMetrics(metrics: Metric[]): void {
  msg(1, scope, 0)
  for (const m of metrics) msg(2, metric, m)
}

function resourceMetrics(b: MetricsBatch): void {
  msg(1, attributes, 1, b.resource)
  msg(2, scopeMetrics, metricList(b))
}

function metricsRequest(b: MetricsBatch): void {
  msg(1, resourceMetrics, b)
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
