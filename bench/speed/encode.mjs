#!/usr/bin/env node
// OTLP protobuf encoding, side by side on the same data:
//   - core's encoder (core/src/exporters/otlp.ts encodeLogs / encodeMetrics, bundled by esbuild)
//   - @opentelemetry/otlp-transformer 0.214.0 ProtobufLogsSerializer / ProtobufMetricsSerializer.serializeRequest
//     on the SDK objects it expects (ReadableLogRecord[], ResourceMetrics) carrying the same content
//   - "copying the bytes": Uint8Array.prototype.slice of core's output (a fresh, zeroed buffer of the output's
//     size plus the copy: the floor of any encoder that returns new bytes), and the copy alone (set() into a
//     buffer allocated once). On this VM a fresh large buffer costs far more than copying into it.
//   - the reference SDK's own encoder (lib/reference.mjs: encodeLogsRequest), on the same 1,000 logs in the
//     OTLP/JSON-shaped request it builds (its records: string time in ns, body and attributes as AnyValues;
//     numbers as doubleValue, the only numeric kind it writes), in rounds of its own with core (it takes
//     ~0.5 s per request here, so fewer rounds of one call each)
// Every output is decoded with the reference decoder (otlp-proto-ref) and the fields that matter compared.
// Under `node --jitless` (the interpreter iOS runs mini programs in) only core and the reference SDK run.
//
//   node --expose-gc [--jitless] bench/speed/encode.mjs [--json] [--quick]
import { fig, main } from '../lib/cli.mjs'
import { coreModule } from '../lib/core-src.mjs'
import { errorEvents, metricsBatch, otelLogRecords, otelResourceMetrics, RESOURCE } from '../lib/data.mjs'
import { interleaved } from '../lib/measure.mjs'
import { firstDifference, leaves, logsContent, metricsContent, otel } from '../lib/otel.mjs'
import { referenceEncoder } from '../lib/reference.mjs'

export const LOGS = 1000
export const HISTOGRAM_POINTS = 200
export const GAUGES = 50

function compare(a, b) {
  const diff = firstDifference(a, b)
  return { equal: !diff, fieldsCompared: leaves(a), diff }
}

/** An attribute as the reference SDK's encoder takes it (strings, booleans, and numbers as doubles). */
const keyValue = (key, v) => ({ key, value: typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : { doubleValue: v } })

/** The same logs as the request the reference SDK's exporter hands its encoder. */
function referenceLogsRequest(events, logAttributes) {
  const toList = (o) => Object.keys(o).map((k) => keyValue(k, o[k]))
  return {
    resourceLogs: [
      {
        resource: { attributes: toList(RESOURCE) },
        scopeLogs: [
          {
            scope: { name: 'minimon', version: '0.1.0' },
            logRecords: events.map((e) => ({ timeUnixNano: e.time + '000000', severityNumber: 17, severityText: 'ERROR', body: { stringValue: e.message }, attributes: toList(logAttributes(e)) })),
          },
        ],
      },
    ],
  }
}

/** Decoded logs with numbers as text and without observedTimeUnixNano (the reference SDK writes neither kind). */
function comparableLogs(bytes) {
  const c = logsContent(bytes)
  for (const rl of c) for (const sl of rl.scopes) for (const r of sl.records) {
    delete r.observed
    for (const k in r.attributes) r.attributes[k] = String(r.attributes[k]).replace(/^(int|double):/, '')
  }
  return c
}

export async function run({ quick = false } = {}) {
  const jitless = process.execArgv.includes('--jitless')
  const core = await coreModule('otlp')
  const ref = await referenceEncoder()
  const rounds = quick ? 7 : 15
  let sink = 0

  const events = errorEvents(LOGS)
  const logsBatch = { resource: RESOURCE, logs: events }
  const coreLogs = core.encodeLogs(logsBatch)
  const figures = {}
  const info = { jitless, logs: { records: LOGS, bytes: { core: coreLogs.length } } }
  const add = (samples) => {
    for (const [k, v] of Object.entries(samples)) figures[k] = fig('ms', v)
  }

  if (!jitless) {
    const o = otel()
    // ---- 1,000 error logs ----
    const records = otelLogRecords(events, core.logAttributes)
    const otelLogs = o.ProtobufLogsSerializer.serializeRequest(records)
    info.otelVersion = o.version
    info.logs.bytes.otel = otelLogs.length
    info.logs.check = compare(logsContent(coreLogs), logsContent(otelLogs))

    // ---- 200 histogram points + 50 gauges ----
    const batch = metricsBatch(HISTOGRAM_POINTS, GAUGES, core.BOUNDS)
    const rm = otelResourceMetrics(batch, core.BOUNDS, core.REQUEST_DURATION, o.enums)
    const coreMetrics = core.encodeMetrics(batch)
    const otelMetrics = o.ProtobufMetricsSerializer.serializeRequest(rm)
    info.metrics = {
      histogramPoints: HISTOGRAM_POINTS,
      gauges: GAUGES,
      bytes: { core: coreMetrics.length, otel: otelMetrics.length },
      check: compare(metricsContent(coreMetrics), metricsContent(otelMetrics)),
    }

    const logsScratch = new Uint8Array(coreLogs.length)
    const metricsScratch = new Uint8Array(coreMetrics.length)
    // Logs and metrics in the same rounds, as an app's flushes alternate them (both encoders then see both shapes).
    add(
      await interleaved(
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
      ),
    )
    // The baselines in rounds of their own: dozens of fresh 0.8 MB buffers per round push V8 into extra full
    // collections (external memory), which would land on the encoders' time.
    add(
      await interleaved(
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
      ),
    )
  }

  // core and the reference SDK, side by side, last (the reference leaves hundreds of MB of garbage behind):
  // one call per round and contender
  if (ref) {
    const request = referenceLogsRequest(events, core.logAttributes)
    const refLogs = ref.encodeLogsRequest(request)
    // the decoded comparison once, with the JIT (the decoder is slow in the interpreter)
    info.reference = { bytes: refLogs.length, check: jitless ? undefined : compare(comparableLogs(coreLogs), comparableLogs(refLogs)) }
    add(
      await interleaved(
        {
          'vsReference.core': () => {
            sink += core.encodeLogs(logsBatch).length
          },
          'vsReference.reference': () => {
            sink += ref.encodeLogsRequest(request).length
          },
        },
        { rounds: jitless ? (quick ? 3 : 5) : quick ? 3 : 4, time: 0, iterations: 1, warmupTime: 0 },
      ),
    )
  }
  if (sink < 0) console.log(sink)
  return { figures, info }
}

await main(import.meta.url, run)
