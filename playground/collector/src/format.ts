// One readable console line per signal (colours only on a TTY).
import type { Batch, BatchInput, LogRecord, MetricPoint, RequestRecord, SegmentObject } from './types'

export interface PrinterOptions {
  quiet: boolean
  check: boolean
  color?: boolean
  log?: (line: string) => void
}

const C = { reset: 0, bold: 1, dim: 2, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90 }
type Colour = keyof typeof C

export class Printer {
  private color: boolean
  private log: (line: string) => void
  constructor(private o: PrinterOptions) {
    this.color = o.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR)
    this.log = o.log ?? ((l) => process.stdout.write(l + '\n'))
  }

  paint(c: Colour, s: string): string {
    return this.color ? `\x1b[${C[c]}m${s}\x1b[0m` : s
  }

  note(line: string): void {
    if (!this.o.quiet) this.log(line)
  }

  refused(r: RequestRecord): void {
    if (this.o.quiet) return
    const t = this.paint('gray', new Date(r.at).toTimeString().slice(0, 8))
    this.log(`${t} ${this.paint('red', 'REFUSED')} ${r.method} ${r.path} → ${r.status || 'reset'}${r.error ? ' ' + short(r.error, 160) : ''}` +
      this.paint('gray', `  ${r.contentType || 'no content-type'}${r.contentEncoding ? ', ' + r.contentEncoding : ''}, ${r.bytes} B`))
  }

  batch(input: BatchInput, batch: Batch): void {
    if (this.o.quiet) return
    const t = this.paint('gray', new Date(batch.at).toTimeString().slice(0, 8))
    for (const l of input.logs || []) this.log(`${t} ${this.logLine(l)}`)
    for (const m of input.metrics || []) this.log(`${t} ${this.metricLine(m)}`)
    for (const s of input.segments || []) this.log(`${t} ${this.segmentLine(s)}`)
    for (const b of input.browser || []) this.log(`${t} ${this.paint('magenta', 'BROWSER')} ${b.path} ${short(JSON.stringify(b.body), 120)}`)
    if (this.o.check) {
      const c = batch.check
      const fed = c.fed.map((f) => f.metric)
      this.log(
        `${t} ${this.paint(c.ok ? 'green' : 'yellow', 'CHECK')} ${batch.kind}: ${c.accepted} used, ${c.ignored} ignored` +
          (fed.length ? ` → ${fed.join(', ')}` : ''),
      )
      for (const i of c.issues) {
        const col: Colour = i.severity === 'error' ? 'red' : i.severity === 'warn' ? 'yellow' : 'gray'
        this.log(`         ${this.paint(col, i.severity.toUpperCase().padEnd(5))} ${i.code}: ${i.message}`)
      }
    }
  }

  logLine(l: LogRecord): string {
    const sev = l.severityText || String(l.severityNumber)
    const type = l.attributes['exception.type']
    const page = l.attributes['miniprogram.page.path'] ?? ''
    const platform = l.resource['miniprogram.platform'] ?? '?'
    const tag = l.severityNumber >= 17 ? this.paint('red', 'ERROR') : this.paint('cyan', sev.padEnd(5).slice(0, 5))
    return `${this.paint('bold', 'LOG')}    ${tag} ${type ? this.paint('yellow', String(type)) + ' ' : ''}${short(String(l.body ?? ''), 100)}` +
      this.paint('gray', `  ${page} [${platform} ${l.resource['service.name'] ?? '?'}@${l.resource['service.instance.id'] ?? '?'}] ${l.encoding}`)
  }

  metricLine(m: MetricPoint): string {
    const page = m.attributes['miniprogram.page.path'] ?? ''
    let v: string
    if (m.type === 'histogram') {
      const a = m.attributes
      const group = [a['http.request.method'], `${a['server.address'] ?? ''}${a['url.path.group'] ?? ''}`].filter((x) => x != null && x !== '').join(' ')
      v = `count=${m.count} sum=${round(m.sum)}${m.unit ? m.unit : ''} ${group} ${m.attributes['http.response.status_code'] ?? ''}`.trim()
    } else if (m.value !== undefined) {
      v = `${round(m.value)}${m.unit === 'ms' ? 'ms' : m.unit ? ' ' + m.unit : ''} (${m.valueType})`
    } else v = `count=${m.count ?? '?'}`
    return `${this.paint('bold', 'METRIC')} ${this.paint('blue', m.type.padEnd(9))} ${m.name} ${this.paint('green', v)}` +
      this.paint('gray', `  ${page} [${m.resource['miniprogram.platform'] ?? m.attributes['miniprogram.platform'] ?? '?'}] ${m.encoding}`)
  }

  segmentLine(s: SegmentObject): string {
    const span = (s.spans && s.spans[0]) || {}
    const tags: Record<string, string> = {}
    for (const t of span.tags || []) tags[t.key] = t.value
    const dur = typeof span.endTime === 'number' && typeof span.startTime === 'number' ? `${span.endTime - span.startTime}ms` : '?'
    return `${this.paint('bold', 'SEGMENT')} ${tags['http.method'] ?? ''} ${tags['url'] ?? span.peer ?? ''} ${span.isError ? this.paint('red', tags['http.status_code'] ?? 'error') : this.paint('green', tags['http.status_code'] ?? '')} ${dur}` +
      this.paint('gray', `  trace=${s.traceId} ${s.service}@${s.serviceInstance} ${span.operationName ?? ''}`)
  }
}

function short(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ')
  return one.length > n ? one.slice(0, n - 1) + '…' : one
}

function round(n: number | undefined): string {
  if (n === undefined) return '?'
  return Number.isInteger(n) ? String(n) : n.toFixed(2)
}
