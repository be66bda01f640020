#!/usr/bin/env node
// OTLP protobuf encoding, side by side on the same data:
//   - core's encoder (core/src/exporters/otlp.ts encodeLogs / encodeMetrics, bundled by esbuild)
//   - @opentelemetry/otlp-transformer 0.214.0 ProtobufLogsSerializer / ProtobufMetricsSerializer.serializeRequest
//     on the SDK objects it expects (ReadableLogRecord[], ResourceMetrics) carrying the same content
//   - "copying the bytes": Uint8Array.prototype.slice of core's output (a fresh, zeroed buffer of the output's
//     size plus the copy: the floor of any encoder that returns new bytes), and the copy alone (set() into a
//     buffer allocated once). On this VM a fresh large buffer costs far more than copying into it.
// Both outputs are decoded with the reference decoder (otlp-proto-ref) and the fields that matter compared.
//
//   node --expose-gc bench/speed/encode.mjs [--json] [--quick]
import { fig, main } from '../lib/cli.mjs'
import { coreModule } from '../lib/core-src.mjs'
import { errorEvents, metricsBatch, otelLogRecords, otelResourceMetrics, RESOURCE } from '../lib/data.mjs'
import { interleaved } from '../lib/measure.mjs'
import { firstDifference, leaves, logsContent, metricsContent, otel } from '../lib/otel.mjs'

export const LOGS = 1000
export const HISTOGRAM_POINTS = 200
export const GAUGES = 50

function compare(a, b) {
  const diff = firstDifference(a, b)
  return { equal: !diff, fieldsCompared: leaves(a), diff }
}

export async function run({ quick = false } = {}) {
  const core = await coreModule('otlp')
  const o = otel()
  const rounds = quick ? 7 : 15

  // ---- 1,000 error logs ----
  const events = errorEvents(LOGS)
  const logsBatch = { resource: RESOURCE, logs: events }
  const records = otelLogRecords(events, core.logAttributes)
  const coreLogs = core.encodeLogs(logsBatch)
  const otelLogs = o.ProtobufLogsSerializer.serializeRequest(records)
  const logsCheck = compare(logsContent(coreLogs), logsContent(otelLogs))

  // ---- 200 histogram points + 50 gauges ----
  const batch = metricsBatch(HISTOGRAM_POINTS, GAUGES, core.BOUNDS)
  const rm = otelResourceMetrics(batch, core.BOUNDS, core.REQUEST_DURATION, o.enums)
  const coreMetrics = core.encodeMetrics(batch)
  const otelMetrics = o.ProtobufMetricsSerializer.serializeRequest(rm)
  const metricsCheck = compare(metricsContent(coreMetrics), metricsContent(otelMetrics))

  let sink = 0
  const logsScratch = new Uint8Array(coreLogs.length)
  const metricsScratch = new Uint8Array(coreMetrics.length)
  // Logs and metrics in the same rounds, as an app's flushes alternate them (both encoders then see both shapes).
  const t = await interleaved(
    {
      'logs.core': () => {
        sink += core.encodeLogs(logsBatch).length
      },
      'logs.otel': () => {
        sink += o.ProtobufLogsSerializer.serializeRequest(records).length
      },
      'metrics.core': () => {
        sink += core.encodeMetrics(batch).length
      },
      'metrics.otel': () => {
        sink += o.ProtobufMetricsSerializer.serializeRequest(rm).length
      },
    },
    { rounds, time: quick ? 30 : 50 },
  )
  // The baselines in rounds of their own: dozens of fresh 0.8 MB buffers per round push V8 into extra full
  // collections (external memory), which would land on the encoders' time.
  const copies = await interleaved(
    {
      'logs.copy': () => {
        sink += coreLogs.slice().length
      },
      'logs.copyInto': () => {
        logsScratch.set(coreLogs)
        sink += logsScratch[7]
      },
      'metrics.copy': () => {
        sink += coreMetrics.slice().length
      },
      'metrics.copyInto': () => {
        metricsScratch.set(coreMetrics)
        sink += metricsScratch[7]
      },
    },
    { rounds, time: quick ? 15 : 25 },
  )
  if (sink < 0) console.log(sink)

  const figures = Object.fromEntries(Object.entries({ ...t, ...copies }).map(([k, v]) => [k, fig('ms', v)]))
  return {
    figures,
    info: {
      otelVersion: o.version,
      logs: { records: LOGS, bytes: { core: coreLogs.length, otel: otelLogs.length }, check: logsCheck },
      metrics: { histogramPoints: HISTOGRAM_POINTS, gauges: GAUGES, bytes: { core: coreMetrics.length, otel: otelMetrics.length }, check: metricsCheck },
    },
  }
}

await main(import.meta.url, run)
