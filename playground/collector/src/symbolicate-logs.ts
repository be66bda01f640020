// The collector's use of symbolication: error logs get their `exception.stacktrace` resolved (the raw one kept in
// `exception.stacktrace.raw`), the viewer gets the original frames, and with --forward the request passed on
// carries the same change.
import { LogsRequest } from './decode'
import type { SymbolicatedStack, Symbolicator } from './symbolicate'
import type { Encoding, LogRecord } from './types'

/** Build id attribute the SDK and its build plugins send (on the resource or the log). */
export const BUILD_ID_KEY = 'minimon.build.id'
export const RAW_STACK_KEY = 'exception.stacktrace.raw'

/** What the viewer shows of one frame. */
export interface ViewFrame {
  raw: string
  source?: string
  line?: number
  column?: number
  fn?: string
  context?: { start: number; lines: string[] }
}

export interface LogStack {
  raw: string
  resolved: number
  frames: ViewFrame[]
}

/** Resolves each error log's stack in place; returns how many logs changed. */
export function symbolicateLogs(logs: LogRecord[], s: Symbolicator): number {
  let changed = 0
  for (const l of logs) {
    const stack = l.attributes['exception.stacktrace']
    if (typeof stack !== 'string' || !stack || l.attributes[RAW_STACK_KEY] !== undefined) continue
    const id = (v: unknown) => (typeof v === 'string' && v ? v : undefined)
    let out: SymbolicatedStack
    try {
      out = s.symbolicate(stack, {
        buildId: id(l.attributes[BUILD_ID_KEY]) ?? id(l.resource[BUILD_ID_KEY]),
        release: id(l.resource['service.version']) ?? id(l.resource['service.instance.id']),
      })
    } catch {
      continue
    }
    if (!out.resolved) continue
    l.attributes['exception.stacktrace'] = out.text
    l.attributes[RAW_STACK_KEY] = stack
    l.stack = {
      raw: stack,
      resolved: out.resolved,
      frames: out.frames.map((f) =>
        f.original
          ? { raw: f.raw, source: f.original.source, line: f.original.line, column: f.original.column, fn: f.original.fn, context: f.original.context }
          : { raw: f.raw }),
    }
    changed++
  }
  return changed
}

/**
 * The body to forward: the request with the resolved stacks of `logs` (flattened from it, in order) written in
 * and the raw stacks added, encoded as it came (protobuf or OTLP/JSON), uncompressed.
 */
export function rewriteLogsBody(req: any, logs: LogRecord[], encoding: Encoding): Buffer {
  let i = 0
  for (const rl of req.resourceLogs || []) {
    for (const sl of rl.scopeLogs || []) {
      for (const r of sl.logRecords || []) {
        const l = logs[i++]
        if (!l || !l.stack) continue
        const list: any[] = r.attributes || (r.attributes = [])
        const kv = list.find((a) => a && a.key === 'exception.stacktrace')
        if (kv) kv.value = { stringValue: l.attributes['exception.stacktrace'] }
        list.push({ key: RAW_STACK_KEY, value: { stringValue: l.stack.raw } })
      }
    }
  }
  if (encoding === 'proto') return Buffer.from(LogsRequest.encode(LogsRequest.fromObject(req)).finish())
  return Buffer.from(JSON.stringify(toOtlpJson(req)))
}

// protobufjs' object shape → OTLP/JSON: ids as hex rather than base64 (the rest is the same mapping)
function toOtlpJson(v: any, key = ''): any {
  if (Array.isArray(v)) return v.map((x) => toOtlpJson(x))
  if (v === null || typeof v !== 'object') {
    if ((key === 'traceId' || key === 'spanId') && typeof v === 'string') return Buffer.from(v, 'base64').toString('hex')
    return v
  }
  const out: any = {}
  for (const k of Object.keys(v)) out[k] = toOtlpJson(v[k], k)
  return out
}
