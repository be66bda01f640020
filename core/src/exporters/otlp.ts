import type { Attributes, ErrorEvent, GaugeEvent, LogEvent } from '../types'
import { anyValue, attr, double, encode, fixed64, json, msg, nanos, packed, str, uint } from './protobuf'

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

// Each message below is written once, for both encodings: field number (protobuf) and name (OTLP/JSON).
// opentelemetry/proto v1.

/**
 * A log's attributes: the event's own, then those below (which replace any named alike: no duplicate keys).
 * No `exception.message`: it would repeat the body, which is the message (DESIGN.md).
 */
export function logAttributes(e: ErrorEvent | LogEvent): Attributes {
  const a: Attributes = Object.assign({}, e.attributes)
  a['log.record.uid'] = e.id
  // (an event has its own attributes only)
  if (e.kind === 'error') {
    a['exception.type'] = e.type
    // a stack opens with the body as a rule (`TypeError: message`, as the runtime prints it): that line is
    // sent once, and a stack of that line alone not at all
    const s = e.stack
    const head = e.message + '\n'
    if (s && s !== e.message) a['exception.stacktrace'] = s.lastIndexOf(head, 0) ? s : s.slice(head.length)
    a[PAGE] = e.page
    if (e.count > 1) a['exception.count'] = e.count
  }
  return a
}

/** Attributes `a`, then `page` as miniprogram.page.path when given (replacing one in `a`). */
function attributes(field: number, a: Attributes | undefined, page?: string): void {
  for (const k in a) if (k !== PAGE || page == null) attr(field, k, a[k])
  if (page != null) attr(field, PAGE, page)
}

function logRecord(e: ErrorEvent | LogEvent): void {
  nanos(1, 'timeUnixNano', e.time)
  // an event (a session's start or end) is INFO, with its own attributes (`event.name` among them)
  const error = e.kind === 'error'
  uint(2, 'severityNumber', error ? 17 : 9) // SEVERITY_NUMBER_ERROR, _INFO
  str(3, 'severityText', error ? 'ERROR' : 'INFO')
  msg(5, 'body', anyValue, e.message)
  attributes(6, logAttributes(e))
  // (no observedTimeUnixNano: it would repeat timeUnixNano, and no backend needs both)
}

type Point = GaugeEvent | HistogramPoint | SumPoint
type Metric = { name: string; unit: string; kind: Point['kind']; points: Point[] }

/** Gauge, sum and histogram data points. */
function point(d: Point): void {
  if (d.kind !== 'gauge') nanos(2, 'startTimeUnixNano', d.start)
  nanos(3, 'timeUnixNano', d.time)
  if (d.kind === 'histogram') {
    fixed64(4, 'count', d.count)
    double(5, 'sum', d.sum)
    packed(6, 'bucketCounts', d.counts)
    packed(7, 'explicitBounds', BOUNDS, true)
    attributes(9, d.attributes)
    double(11, 'min', d.min)
    double(12, 'max', d.max)
  } else {
    fixed64(6, 'asInt', d.kind === 'sum' ? d.value : Math.max(0, Math.round(d.value))) // sfixed64
    attributes(7, d.attributes, (d as GaugeEvent).page)
  }
}

/** A Gauge, Sum or Histogram message. */
function data(m: Metric): void {
  for (const d of m.points) msg(1, 'dataPoints', point, d)
  if (m.kind !== 'gauge') uint(2, 'aggregationTemporality', 1) // DELTA
  if (m.kind === 'sum') uint(3, 'isMonotonic', true)
}

function metric(m: Metric): void {
  str(1, 'name', m.name)
  str(3, 'unit', m.unit)
  msg(m.kind === 'gauge' ? 5 : m.kind === 'sum' ? 7 : 9, m.kind, data, m)
}

/**
 * The body of an OTLP/HTTP request to /v1/logs (error events) or /v1/metrics (gauges, histogram and sum
 * points): protobuf, or OTLP/JSON. One resource, with one scope (this SDK); one metric per name.
 */
export function otlpBody(signal: 'logs' | 'metrics', list: (ErrorEvent | LogEvent | Point)[], resource: Attributes, asJson?: boolean): Uint8Array | string {
  const byName: Record<string, Metric> = {}
  const metrics: Metric[] = []
  if (signal === 'metrics')
    for (const d of list as Point[]) {
      const name = d.kind === 'histogram' ? REQUEST_DURATION : d.name
      let m = byName[name]
      if (!m) metrics.push((m = byName[name] = { name, unit: d.kind === 'sum' ? '1' : 'ms', kind: d.kind, points: [] }))
      m.points.push(d)
    }
  const kind = signal === 'logs' ? 'Logs' : 'Metrics'
  return (asJson ? json : encode)(() =>
    msg(1, 'resource' + kind, () => {
      msg(1, 'resource', attributes, 1, resource)
      msg(2, 'scope' + kind, () => {
        msg(1, 'scope', () => {
          str(1, 'name', SDK_NAME)
          str(2, 'version', SDK_VERSION)
        })
        if (signal === 'logs') for (const e of list as ErrorEvent[]) msg(2, 'logRecords', logRecord, e)
        else for (const m of metrics) msg(2, 'metrics', metric, m)
      })
    }),
  )
}

const points = (b: MetricsBatch): Point[] => (b.gauges as Point[]).concat(b.histogram, b.sums)

export const encodeLogs = (b: LogsBatch) => otlpBody('logs', b.logs, b.resource) as Uint8Array
export const encodeMetrics = (b: MetricsBatch) => otlpBody('metrics', points(b), b.resource) as Uint8Array
export const logsJson = (b: LogsBatch) => otlpBody('logs', b.logs, b.resource, true) as string
export const metricsJson = (b: MetricsBatch) => otlpBody('metrics', points(b), b.resource, true) as string
