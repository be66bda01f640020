// Public types of @minimon/collector.

import type { LogStack } from './symbolicate-logs'

export type Encoding = 'proto' | 'json'
export type BatchKind = 'logs' | 'metrics' | 'segments' | 'browser'

export interface CollectorOptions {
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string
  /** Port; 0 picks a free one. Default 0 programmatically, 4318 in the CLI. */
  port?: number
  /** Largest accepted request body (as sent, i.e. compressed), checked while streaming. Default 4 MiB. */
  maxBodyBytes?: number
  /** Largest body after gunzip/inflate. Default 8 × maxBodyBytes. */
  maxDecodedBytes?: number
  /** No console lines. Default true programmatically, false in the CLI. */
  quiet?: boolean
  /** Append one JSON line per decoded signal to this file. */
  out?: string
  /** Base URL of a real OAP / OTel collector: every ingest request is passed on unchanged and its answer relayed. */
  forward?: string
  /**
   * A folder of source maps (one folder per build id or release, see symbolicate.ts): every error log's
   * `exception.stacktrace` is resolved to original frames; the raw one is kept in `exception.stacktrace.raw`.
   */
  sourcemaps?: string
  /** Print the OAP contract check for every batch (when not quiet). */
  check?: boolean
  /** Bounded history: entries kept per kind (requests, logs, metrics, segments, browser, batches). Default 5000. */
  historyLimit?: number
  /** Time allowed to receive the request headers (slow-loris guard). Default 10 000 ms. */
  headersTimeoutMs?: number
  /** Time allowed to receive a whole request. Default 30 000 ms. */
  requestTimeoutMs?: number
  /** Colours in console lines. Default: only when stdout is a TTY and NO_COLOR is unset. */
  color?: boolean
  /** Where console lines go. Default process.stdout. */
  log?: (line: string) => void
}

export interface RequestRecord {
  method: string
  path: string
  contentType: string
  contentEncoding: string
  /** Body bytes as received on the wire (before decompression). */
  bytes: number
  /** Status answered; 0 when the connection was reset by a fault or the client went away. */
  status: number
  at: number
  headers: Record<string, string | string[] | undefined>
  /** Why the request was refused (400/413/415...), when it was. */
  error?: string
  /** True when the answer came from the --forward target. */
  forwarded?: boolean
}

export interface Scope {
  name: string
  version: string
}

export interface LogRecord {
  resource: Record<string, unknown>
  scope: Scope
  timeUnixNano: string
  observedTimeUnixNano?: string
  severityNumber: number
  severityText: string
  /** AnyValue unwrapped: a string for stringValue. */
  body: unknown
  attributes: Record<string, unknown>
  /** Lower-case hex, when set. */
  traceId?: string
  spanId?: string
  encoding: Encoding
  /** The LogRecord as protobufjs toObject gave it (JSON bodies are normalised to the same shape). */
  raw: any
  /** The stack as it arrived and its frames, when --sourcemaps resolved some of them. */
  stack?: LogStack
}

export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary'

export interface MetricPoint {
  resource: Record<string, unknown>
  scope: Scope
  name: string
  unit: string
  description: string
  type: MetricType
  /** 1 DELTA, 2 CUMULATIVE, 0 unspecified (sum / histogram / exponentialHistogram only). */
  temporality?: number
  isMonotonic?: boolean
  attributes: Record<string, unknown>
  timeUnixNano: string
  startTimeUnixNano?: string
  /** gauge / sum: asInt or asDouble as a number. */
  value?: number
  valueType?: 'int' | 'double'
  count?: number
  sum?: number
  min?: number
  max?: number
  bucketCounts?: number[]
  explicitBounds?: number[]
  encoding: Encoding
  /** The data point as protobufjs toObject gave it. */
  raw: any
}

/** A SkyWalking SegmentObject as received (JSON). */
export interface SegmentObject {
  traceId?: string
  traceSegmentId?: string
  service?: string
  serviceInstance?: string
  spans?: SpanObject[]
  isSizeLimited?: boolean
  [key: string]: unknown
}

export interface SpanObject {
  spanId?: number
  parentSpanId?: number
  startTime?: number
  endTime?: number
  operationName?: string
  peer?: string
  spanType?: string
  spanLayer?: string
  componentId?: number
  isError?: boolean
  tags?: { key: string; value: string }[]
  [key: string]: unknown
}

export interface BrowserRecord {
  path: string
  body: unknown
  at: number
}

export type Severity = 'error' | 'warn' | 'info'

export interface ContractIssue {
  /** Stable identifier, e.g. 'missing-platform', 'histogram-not-delta'. */
  code: string
  severity: Severity
  message: string
  /** Metric name, when about a point. */
  metric?: string
  /** Index of the log record / point / segment inside the batch. */
  index?: number
  /** The miniprogram.platform value the issue is about (other-platform, unknown-platform). */
  platform?: string
}

export interface FedMetric {
  /** OAP metric name, e.g. meter_wechat_mp_app_launch_duration. */
  metric: string
  scope: 'service' | 'instance' | 'endpoint'
  layer: 'WECHAT_MINI_PROGRAM' | 'ALIPAY_MINI_PROGRAM' | 'GENERAL'
  /** Points / logs / segments feeding it in this batch. */
  count: number
  /** The OAP rule file that defines it. */
  rule: string
}

export interface ContractReport {
  kind: BatchKind
  ok: boolean
  /** Items the OAP would use. */
  accepted: number
  /** Items the OAP's mini-program rules would ignore. */
  ignored: number
  fed: FedMetric[]
  issues: ContractIssue[]
}

export interface Batch {
  kind: BatchKind
  encoding: Encoding
  path: string
  at: number
  count: number
  check: ContractReport
}

export interface BatchInput {
  kind: BatchKind
  logs?: LogRecord[]
  metrics?: MetricPoint[]
  segments?: SegmentObject[]
  browser?: BrowserRecord[]
  /** The decoded OTLP request the logs came from (to forward it changed). */
  otlp?: unknown
}

export interface Fault {
  /** Answer with this status instead of processing (>= 300: the data is not kept). */
  status?: number
  headers?: Record<string, string>
  body?: string
  /** Wait this long before answering. */
  delayMs?: number
  /** Destroy the socket (TCP reset) once this many request body bytes arrived; if the body is shorter, mid-response. */
  resetAfterBytes?: number
  /** Only requests to this path consume the fault. */
  path?: string
  /** How many matching requests it applies to. Default 1. */
  times?: number
}
