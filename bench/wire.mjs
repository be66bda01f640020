#!/usr/bin/env node
// Bytes on the wire per error log: what each SDK actually sends for the same errors. For minimon and the
// reference SDK (lib/reference.mjs), each in its own process (wire-child.mjs), in each encoding both offer
// (protobuf, the default of both; OTLP/JSON on request): the same `ERRORS` uncaught errors reach the SDK
// through the simulated WeChat host's wx.onError, the SDK is flushed to a collector on 127.0.0.1, and every
// /v1/logs request body is kept. The bodies are decoded (otlp-proto-ref for protobuf, JSON.parse for JSON) to
// count the log records and list the attributes they carry; the figure is body bytes ÷ error log records
// (records of other severities, if any, are counted and their bytes stay in the total).
//
//   node bench/wire.mjs [--jitless] [--json]      (--jitless: the children run under node --jitless)
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { bench, requireFromBench } from './lib/paths.mjs'
import { NOT_AVAILABLE, referenceAvailable } from './lib/reference.mjs'

export const ERRORS = 100
const CHILD = join(bench, 'wire-child.mjs')

function records(type, body) {
  if (type.includes('json')) {
    const req = JSON.parse(body.toString('utf8'))
    return (req.resourceLogs || []).flatMap((rl) => (rl.scopeLogs || []).flatMap((sl) => sl.logRecords || []))
  }
  const proto = requireFromBench('otlp-proto-ref/build/src/generated/root.js').opentelemetry.proto
  const T = proto.collector.logs.v1.ExportLogsServiceRequest
  const req = T.toObject(T.decode(body), { longs: String, enums: Number })
  return (req.resourceLogs || []).flatMap((rl) => (rl.scopeLogs || []).flatMap((sl) => sl.logRecords || []))
}

const varintSize = (n) => (n < 128 ? 1 : n < 16384 ? 2 : n < 2097152 ? 3 : 4)
const field = (n) => 1 + varintSize(n) + n
/** Protobuf bytes of one log attribute (a KeyValue in field 6, with its AnyValue), from its decoded form. */
function keyValueBytes(a) {
  const v = a.value || {}
  const any = 'stringValue' in v ? field(Buffer.byteLength(v.stringValue)) : 'intValue' in v ? 1 + varintSize(Number(v.intValue)) : 'boolValue' in v ? 2 : 9
  return field(field(Buffer.byteLength(a.key)) + field(any))
}

/** One SDK in one encoding: { bytes, requests, errorLogs, otherLogs, perErrorLog, attributes, attributeBytes } or { missing }. */
export function wireRun(sdk, encoding, { jitless = false } = {}) {
  if (sdk === 'reference' && !referenceAvailable()) return { missing: NOT_AVAILABLE }
  const r = spawnSync(process.execPath, [...(jitless ? ['--jitless'] : []), CHILD, sdk, encoding, String(ERRORS)], { cwd: bench, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 })
  if (r.status !== 0) return { missing: 'failed: ' + (r.stderr || String(r.error)).trim().split('\n').slice(-3).join(' / ') }
  const { requests } = JSON.parse(r.stdout.trim().split('\n').pop())
  const logs = requests.filter((q) => q.path === '/v1/logs')
  let bytes = 0
  let errorLogs = 0
  let otherLogs = 0
  const attributes = new Set()
  // protobuf bytes per attribute key, over all error logs
  const attributeBytes = {}
  const messages = []
  for (const q of logs) {
    const body = Buffer.from(q.body, 'base64')
    bytes += body.length
    for (const rec of records(q.type, body)) {
      if (rec.severityNumber === 17 || rec.severityText === 'ERROR') errorLogs++
      else otherLogs++
      for (const a of rec.attributes || []) {
        attributes.add(a.key)
        if (!q.type.includes('json')) attributeBytes[a.key] = (attributeBytes[a.key] || 0) + keyValueBytes(a)
      }
      messages.push(rec.body && rec.body.stringValue)
    }
  }
  for (const k in attributeBytes) attributeBytes[k] /= errorLogs || 1
  return { bytes, requests: logs.length, errorLogs, otherLogs, perErrorLog: errorLogs ? bytes / errorLogs : NaN, attributes: [...attributes], attributeBytes, messages }
}

/**
 * Both SDKs in both encodings; `sameErrors[encoding]`: both sent the same errors (the same log bodies, but
 * for the leading `Error: ` the reference SDK takes off a WeChat message).
 */
const same = (messages) => messages.map((m) => String(m).replace(/^Error:\s*/, '')).sort().join('\n')

export function measureWire(opts = {}) {
  const runs = {}
  const sameErrors = {}
  for (const encoding of ['proto', 'json']) {
    for (const sdk of ['minimon', 'reference']) runs[`${sdk}.${encoding}`] = wireRun(sdk, encoding, opts)
    const [a, b] = [runs[`minimon.${encoding}`].messages, runs[`reference.${encoding}`].messages]
    sameErrors[encoding] = !!a && !!b && a.length === b.length && same(a) === same(b)
  }
  for (const r of Object.values(runs)) delete r.messages
  return { errors: ERRORS, runs, sameErrors }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const m = measureWire({ jitless: process.argv.includes('--jitless') })
  if (process.argv.includes('--json')) console.log(JSON.stringify(m))
  else {
    console.log('same errors (log bodies) sent by both:', m.sameErrors)
    for (const [k, v] of Object.entries(m.runs))
      console.log(k.padEnd(18), v.missing || `${v.bytes} B in ${v.requests} request(s), ${v.errorLogs} error logs (+${v.otherLogs} other): ${v.perErrorLog.toFixed(1)} B per error log; attributes ${v.attributes.map((a) => (v.attributeBytes[a] ? `${a} (${v.attributeBytes[a].toFixed(1)} B)` : a)).join(', ')}`)
  }
}
