import { EventEmitter } from 'node:events'
import { closeSync, createWriteStream, openSync, statSync, type WriteStream } from 'node:fs'
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import https from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { resolve as resolvePath } from 'node:path'
import zlib from 'node:zlib'
// Node's own timers: a simulated mini program installed on globalThis may freeze the global ones.
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers'
import { checkContract, ContractRun } from './contract'
import { DecodeError, decodeRequest, flattenLogs, flattenMetrics } from './decode'
import { Printer } from './format'
import {
  isHopHeader, mediaType, preflight, readBody, resetSocket, send, setCors, sleep, VIEWER_PATHS,
} from './http-util'
import { ViewerState } from './state'
import { Symbolicator } from './symbolicate'
import { rewriteLogsBody, symbolicateLogs } from './symbolicate-logs'
import type {
  Batch, BatchInput, BatchKind, BrowserRecord, CollectorOptions, Encoding, Fault, LogRecord, MetricPoint,
  RequestRecord, SegmentObject,
} from './types'
import { VIEWER_HTML } from './viewer'

type Route =
  | { kind: 'logs' | 'metrics'; otlp: true }
  | { kind: 'segments'; single: boolean }
  | { kind: 'browser' }

const ROUTES: Record<string, Route> = {
  '/v1/logs': { kind: 'logs', otlp: true },
  '/v1/metrics': { kind: 'metrics', otlp: true },
  '/v3/segments': { kind: 'segments', single: false },
  '/v3/segment': { kind: 'segments', single: true },
  '/browser/perfData': { kind: 'browser' },
  '/browser/perfData/webVitals': { kind: 'browser' },
  '/browser/perfData/webInteractions': { kind: 'browser' },
  '/browser/perfData/resources': { kind: 'browser' },
  '/browser/errorLog': { kind: 'browser' },
  '/browser/errorLogs': { kind: 'browser' },
}

const PROTO_TYPES = new Set(['application/x-protobuf', 'application/protobuf', 'application/vnd.google.protobuf'])
// navigator.sendBeacon (SkyWalking's browser client) sends text/plain.
const JSON_TYPES = new Set(['application/json', 'text/plain'])

class HttpError extends Error {
  constructor(public status: number, message: string) {
    super(message)
  }
}

export class Collector extends EventEmitter {
  /** 'http://HOST:PORT' */
  url = ''
  port = 0
  host: string
  readonly requests: RequestRecord[] = []
  readonly logs: LogRecord[] = []
  readonly metrics: MetricPoint[] = []
  readonly segments: SegmentObject[] = []
  readonly browser: BrowserRecord[] = []
  readonly batches: Batch[] = []
  /** Injected faults, consumed in order by matching ingest requests. */
  readonly faults: Fault[] = []
  readonly options: Required<Pick<CollectorOptions, 'maxBodyBytes' | 'maxDecodedBytes' | 'historyLimit'>> &
    CollectorOptions
  /** Aggregated view served at /api/state and /events. */
  readonly state: ViewerState
  /** Resolves error stacks when `sourcemaps` is set. */
  readonly symbolicator: Symbolicator | null

  private server: Server
  private sockets = new Set<Socket>()
  private sse = new Set<ServerResponse>()
  private sseTimer: NodeJS.Timeout | null = null
  private heartbeat: NodeJS.Timeout | null = null
  private out: WriteStream | null = null
  private printer: Printer
  private faultUses = new WeakMap<Fault, number>()
  private closed = false
  /** Once-per-run notes of the contract check; a reset starts a new run (the viewer forgets them too). */
  private run = new ContractRun()

  constructor(options: CollectorOptions = {}) {
    super()
    const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024
    this.options = {
      ...options,
      maxBodyBytes,
      maxDecodedBytes: options.maxDecodedBytes ?? maxBodyBytes * 8,
      historyLimit: options.historyLimit ?? 5000,
    }
    this.host = options.host ?? '127.0.0.1'
    this.state = new ViewerState(Math.min(this.options.historyLimit, 1000))
    this.symbolicator = options.sourcemaps ? new Symbolicator(resolvePath(options.sourcemaps)) : null
    this.printer = new Printer({
      quiet: options.quiet ?? true,
      check: Boolean(options.check),
      color: options.color,
      log: options.log,
    })
    const requestTimeout = options.requestTimeoutMs ?? 30_000
    const headersTimeout = Math.min(options.headersTimeoutMs ?? 10_000, requestTimeout)
    this.server = http.createServer({
      requestTimeout,
      headersTimeout,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeout / 4))),
    } as http.ServerOptions)
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
      s.on('error', () => {})
    })
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
      if (!socket.writable || (socket as any)._httpMessage?.headersSent) return socket.destroy()
      const code = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
      const text = code === 408 ? 'Request Timeout' : code === 431 ? 'Request Header Fields Too Large' : 'Bad Request'
      socket.end(`HTTP/1.1 ${code} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      socket.destroySoon?.()
    })
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((err) => {
        // never let one request take the server down
        if (!res.headersSent) send(res, 500, `internal error: ${(err as Error).message}`, { 'Content-Type': 'text/plain' })
        else res.destroy()
      })
    })
  }

  async listen(): Promise<this> {
    if (this.options.out) {
      // fail at start, not on the first signal, when the file cannot be written
      try {
        closeSync(openSync(this.options.out, 'a'))
      } catch (e) {
        throw new Error(`cannot write --out file ${this.options.out}: ${(e as Error).message}`)
      }
    }
    if (this.options.sourcemaps) {
      let dir = false
      try {
        dir = statSync(this.options.sourcemaps).isDirectory()
      } catch {}
      if (!dir) throw new Error(`--sourcemaps ${this.options.sourcemaps} is not a folder`)
    }
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(e)
      this.server.once('error', onError)
      this.server.listen(this.options.port ?? 0, this.host, () => {
        this.server.off('error', onError)
        resolve()
      })
    })
    const addr = this.server.address() as AddressInfo
    this.port = addr.port
    const h = addr.address.includes(':') ? `[${addr.address}]` : addr.address
    const shown = h === '0.0.0.0' || h === '[::]' ? '127.0.0.1' : h
    this.url = `http://${shown}:${this.port}`
    this.state.url = this.url
    if (this.options.out) {
      this.out = createWriteStream(this.options.out, { flags: 'a' })
      this.out.on('error', (e) => this.printer.note(`--out: ${e.message}`))
    }
    this.heartbeat = setInterval(() => {
      for (const r of this.sse) r.write(': ping\n\n')
    }, 15_000)
    this.heartbeat.unref()
    return this
  }

  // ------------------------------------------------------------------ public API

  /** 'batch' after every accepted request (data already in logs/metrics/segments/browser); 'request' after every answer. */
  override on(event: 'batch', listener: (batch: Batch) => void): this
  override on(event: 'request', listener: (request: RequestRecord) => void): this
  override on(event: string | symbol, listener: (...args: any[]) => void): this
  override on(event: string | symbol, listener: (...args: any[]) => void): this {
    return super.on(event, listener)
  }

  override once(event: 'batch', listener: (batch: Batch) => void): this
  override once(event: 'request', listener: (request: RequestRecord) => void): this
  override once(event: string | symbol, listener: (...args: any[]) => void): this
  override once(event: string | symbol, listener: (...args: any[]) => void): this {
    return super.once(event, listener)
  }


  /** Resolves when predicate(this) is true; rejects after timeoutMs with a summary of what arrived. */
  waitFor(predicate: (c: this) => boolean, timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | null = null
      let poll: NodeJS.Timeout | null = null
      const done = (err?: Error) => {
        if (timer) clearTimeout(timer)
        if (poll) clearInterval(poll)
        this.off('batch', check)
        this.off('request', check)
        if (err) reject(err)
        else resolve()
      }
      const check = () => {
        let ok = false
        try {
          ok = Boolean(predicate(this))
        } catch {
          ok = false
        }
        if (ok) done()
      }
      this.on('batch', check)
      this.on('request', check)
      poll = setInterval(check, 25)
      timer = setTimeout(() => {
        let ok = false
        try {
          ok = Boolean(predicate(this))
        } catch (e) {
          return done(new Error(`waitFor: predicate threw: ${(e as Error).message}\n${this.summary()}`))
        }
        if (ok) return done()
        done(new Error(`waitFor: condition not met within ${timeoutMs} ms.\n${this.summary()}`))
      }, timeoutMs)
      check()
    })
  }

  /** A readable account of what has been received (used in waitFor's rejection). */
  summary(): string {
    const lines: string[] = []
    lines.push(
      `received: ${this.requests.length} requests, ${this.logs.length} logs, ${this.metrics.length} metric points, ` +
        `${this.segments.length} segments, ${this.browser.length} browser reports; ${this.faults.length} faults pending`,
    )
    for (const r of this.requests.slice(-10)) {
      lines.push(`  ${r.method} ${r.path} → ${r.status} (${r.contentType || 'no content-type'}${r.contentEncoding ? ', ' + r.contentEncoding : ''}, ${r.bytes} B)${r.error ? ' — ' + r.error : ''}`)
    }
    if (this.logs.length) {
      lines.push('  logs: ' + this.logs.slice(-5).map((l) => `[${l.severityText || l.severityNumber}] ${l.attributes['exception.type'] ?? ''} ${truncate(String(l.body), 60)}`).join(' | '))
    }
    if (this.metrics.length) {
      const names = new Map<string, number>()
      for (const m of this.metrics) names.set(m.name, (names.get(m.name) || 0) + 1)
      lines.push('  metrics: ' + [...names].map(([n, c]) => `${n}×${c}`).join(', '))
    }
    if (this.segments.length) lines.push('  segments: ' + this.segments.slice(-5).map((s) => `${s.traceId} ${s.spans?.[0]?.peer ?? ''}`).join(', '))
    return lines.join('\n')
  }

  /** Clears history, faults, the viewer state and the contract check's once-per-run notes. */
  reset(): void {
    for (const a of [this.requests, this.logs, this.metrics, this.segments, this.browser, this.batches, this.faults] as unknown[][]) {
      a.length = 0
    }
    this.state.reset()
    this.run = new ContractRun()
    this.pushState()
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.heartbeat) clearInterval(this.heartbeat)
    if (this.sseTimer) clearTimeout(this.sseTimer)
    for (const r of this.sse) r.end()
    this.sse.clear()
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve())
      this.server.closeIdleConnections?.()
      setTimeout(() => {
        for (const s of this.sockets) s.destroy()
      }, 50).unref()
    })
    if (this.out) await new Promise<void>((r) => this.out!.end(() => r()))
  }

  // ------------------------------------------------------------------ request handling

  private record(r: RequestRecord): void {
    push(this.requests, r, this.options.historyLimit)
    this.state.addRequest(r)
    if (r.status >= 400 || (r.status === 0 && r.error)) this.printer.refused(r)
    this.emit('request', r)
    this.scheduleState()
  }

  private takeFault(path: string): Fault | undefined {
    const i = this.faults.findIndex((f) => f && (f.path === undefined || f.path === path))
    if (i < 0) return undefined
    const f = this.faults[i]
    const used = (this.faultUses.get(f) || 0) + 1
    if (used >= (f.times ?? 1)) this.faults.splice(i, 1)
    else this.faultUses.set(f, used)
    return f
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method || 'GET').toUpperCase()
    let path = '/'
    let search = ''
    try {
      const u = new URL(req.url || '/', 'http://collector')
      path = u.pathname
      search = u.search
    } catch {
      /* keep '/' */
    }
    setCors(req, res)
    if ((method === 'GET' || method === 'HEAD') && VIEWER_PATHS.has(path)) return this.serveViewer(path, req, res)

    const route = ROUTES[path]
    const rec: RequestRecord = {
      method,
      path,
      contentType: String(req.headers['content-type'] || ''),
      contentEncoding: String(req.headers['content-encoding'] || ''),
      bytes: 0,
      status: 0,
      at: Date.now(),
      headers: { ...req.headers },
    }
    let recorded = false
    const note = () => {
      if (recorded) return
      recorded = true
      this.record(rec)
    }
    // resets and vanished clients are recorded when the socket closes (status 0)
    res.on('close', note)
    const answer = (status: number, body: string | Buffer = '', headers: Record<string, string> = {}, error?: string) => {
      rec.status = status
      if (error) rec.error = error
      // recorded before the answer leaves, so a client that awaits the response sees it in c.requests
      note()
      send(res, status, body, headers)
    }
    const forward = this.options.forward
    if (method === 'OPTIONS') {
      // CORS preflight: answered here even when forwarding (the browser needs it from this origin)
      rec.status = 204
      note()
      return preflight(req, res)
    }

    if (!forward) {
      if (!route) {
        await this.drain(req, rec)
        return answer(404, `no route for ${path}`, { 'Content-Type': 'text/plain' }, 'unknown path')
      }
      if (method !== 'POST') {
        await this.drain(req, rec)
        return answer(405, `${method} not allowed on ${path}; use POST`, { Allow: 'POST, OPTIONS', 'Content-Type': 'text/plain' }, 'wrong method')
      }
    }

    const fault = this.takeFault(path)
    const type = mediaType(req.headers['content-type'])
    const encodingHeader = String(req.headers['content-encoding'] || 'identity').trim().toLowerCase()
    let encoding: Encoding = 'json'
    let refusal: HttpError | null = null
    if (route) {
      if ('otlp' in route && PROTO_TYPES.has(type)) encoding = 'proto'
      else if (JSON_TYPES.has(type) && (type === 'application/json' || !('otlp' in route))) encoding = 'json'
      else refusal = new HttpError(415, `unsupported content type ${JSON.stringify(type || '(none)')} for ${path}; use ${'otlp' in route ? 'application/x-protobuf or application/json' : 'application/json'}`)
      if (!refusal && !['identity', 'gzip', 'x-gzip', 'deflate', ''].includes(encodingHeader)) {
        refusal = new HttpError(415, `unsupported content encoding ${JSON.stringify(encodingHeader)}; use gzip or none`)
      }
    }

    // status faults answer without looking at the body; reset faults watch it arrive
    const resetAt = fault && typeof fault.resetAfterBytes === 'number' ? fault.resetAfterBytes : -1
    if (resetAt === 0) {
      rec.error = 'fault: reset'
      return resetSocket(req.socket)
    }
    const limit = this.options.maxBodyBytes
    const body = await readBody(req, limit, 16 * 1024 * 1024, resetAt > 0 ? (n) => {
      if (n >= resetAt) {
        rec.bytes = n
        rec.error = 'fault: reset mid-request'
        resetSocket(req.socket)
        return true
      }
      return false
    } : undefined)
    rec.bytes = body.bytes
    if (body.aborted) {
      rec.error = rec.error || 'client aborted'
      return
    }
    if (fault?.delayMs) await sleep(fault.delayMs)
    if (resetAt > 0) {
      // the body was shorter than resetAfterBytes: break the response instead
      rec.error = 'fault: reset mid-response'
      res.writeHead(fault?.status ?? 200, { 'Content-Type': 'application/json', 'Content-Length': '64' })
      res.write('{"partial":', () => setTimeout(() => resetSocket(req.socket), 5))
      return
    }
    if (body.over) {
      return answer(413, `body larger than ${limit} bytes`, { 'Content-Type': 'text/plain', Connection: 'close' }, 'body too large')
    }
    if (fault && (fault.status !== undefined || fault.body !== undefined || fault.headers)) {
      const status = fault.status ?? 200
      if (status >= 300) {
        return answer(status, fault.body ?? '', { 'Content-Type': 'text/plain', ...(fault.headers || {}) }, `fault: ${status}`)
      }
    }

    // decode (locally even when forwarding, for the viewer)
    let decoded: BatchInput | null = null
    let decodeError: HttpError | null = refusal
    if (route && !refusal) {
      try {
        const raw = await this.inflate(body.body, encodingHeader)
        decoded = this.decode(route, path, encoding, raw)
      } catch (e) {
        decodeError = e instanceof HttpError ? e : new HttpError(400, (e as Error).message)
      }
    }

    // resolve error stacks before they are kept, shown or passed on
    let forwardBody = body.body
    let rewritten = false
    if (decoded?.logs && this.symbolicator && symbolicateLogs(decoded.logs, this.symbolicator) > 0 && forward) {
      try {
        forwardBody = rewriteLogsBody(decoded.otlp, decoded.logs, encoding)
        rewritten = true
      } catch {
        forwardBody = body.body
      }
    }
    if (decoded) delete decoded.otlp

    if (forward) {
      const relayed = await this.forward(forward, method, path + search, req, forwardBody, rewritten)
      rec.forwarded = true
      if (decodeError) rec.error = `local decode: ${decodeError.message}`
      if (decoded && relayed.status >= 200 && relayed.status < 300) this.accept(decoded, encoding, path)
      return answer(relayed.status, relayed.body, relayed.headers)
    }
    if (decodeError) {
      return answer(decodeError.status, decodeError.message, { 'Content-Type': 'text/plain' }, decodeError.message)
    }
    this.accept(decoded!, encoding, path)
    const headers: Record<string, string> = { ...(fault?.headers || {}) }
    const status = fault?.status ?? 200
    if (fault?.body !== undefined) return answer(status, fault.body, { 'Content-Type': 'text/plain', ...headers })
    if (encoding === 'proto') {
      // an empty Export*ServiceResponse is zero bytes
      return answer(status, '', { 'Content-Type': 'application/x-protobuf', ...headers })
    }
    return answer(status, '{}', { 'Content-Type': 'application/json', ...headers })
  }

  private async drain(req: IncomingMessage, rec: RequestRecord): Promise<void> {
    const r = await readBody(req, 0, 1024 * 1024)
    rec.bytes = r.bytes
  }

  private inflate(body: Buffer, enc: string): Promise<Buffer> {
    if (enc !== 'gzip' && enc !== 'x-gzip' && enc !== 'deflate') return Promise.resolve(body)
    const max = this.options.maxDecodedBytes
    return new Promise((resolve, reject) => {
      const cb = (err: Error | null, out: Buffer) => {
        if (!err) return resolve(out)
        if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          return reject(new HttpError(413, `body larger than ${max} bytes once decompressed`))
        }
        reject(new HttpError(400, `invalid ${enc} body: ${err.message}`))
      }
      if (enc === 'deflate') zlib.inflate(body, { maxOutputLength: max }, cb)
      else zlib.gunzip(body, { maxOutputLength: max }, cb)
    })
  }

  private decode(route: Route, path: string, encoding: Encoding, raw: Buffer): BatchInput {
    if ('otlp' in route) {
      try {
        const req = decodeRequest(route.kind, encoding, raw)
        return route.kind === 'logs'
          ? { kind: 'logs', logs: flattenLogs(req, encoding), otlp: req }
          : { kind: 'metrics', metrics: flattenMetrics(req, encoding) }
      } catch (e) {
        if (e instanceof DecodeError) throw new HttpError(400, e.message)
        throw e
      }
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(raw.toString('utf8'))
    } catch (e) {
      throw new HttpError(400, `invalid JSON: ${(e as Error).message}`)
    }
    if (route.kind === 'segments') {
      if (route.single) {
        if (!isObject(parsed)) throw new HttpError(400, 'expected one SegmentObject (a JSON object)')
        return { kind: 'segments', segments: [parsed as SegmentObject] }
      }
      if (!Array.isArray(parsed)) throw new HttpError(400, 'expected a JSON array of SegmentObject')
      if (!parsed.every(isObject)) throw new HttpError(400, 'every element of the array must be a SegmentObject (a JSON object)')
      return { kind: 'segments', segments: parsed as SegmentObject[] }
    }
    const multi = path === '/browser/errorLogs' || path === '/browser/perfData/webInteractions' || path === '/browser/perfData/resources'
    if (multi ? !Array.isArray(parsed) && !isObject(parsed) : !isObject(parsed)) {
      throw new HttpError(400, `expected a JSON ${multi ? 'array' : 'object'}`)
    }
    return { kind: 'browser', browser: [{ path, body: parsed, at: Date.now() }] }
  }

  /** Stores a decoded batch, checks it, tells listeners. */
  private accept(input: BatchInput, encoding: Encoding, path: string): void {
    const limit = this.options.historyLimit
    const items = input.logs || input.metrics || input.segments || input.browser || []
    if (input.logs) for (const l of input.logs) push(this.logs, l, limit)
    if (input.metrics) for (const m of input.metrics) push(this.metrics, m, limit)
    if (input.segments) for (const s of input.segments) push(this.segments, s, limit)
    if (input.browser) for (const b of input.browser) push(this.browser, b, limit)
    const check = checkContract(input, this.run)
    const batch: Batch = { kind: input.kind, encoding, path, at: Date.now(), count: items.length, check }
    push(this.batches, batch, limit)
    this.state.addBatch(input, batch)
    this.printer.batch(input, batch)
    if (this.out) {
      for (const line of outLines(input)) this.out.write(JSON.stringify(line) + '\n')
    }
    this.emit('batch', batch)
    this.scheduleState()
  }

  private forward(
    base: string,
    method: string,
    pathAndQuery: string,
    req: IncomingMessage,
    body: Buffer,
    rewritten = false,
  ): Promise<{ status: number; body: Buffer; headers: Record<string, string> }> {
    return new Promise((resolve) => {
      let target: URL
      try {
        target = new URL(base)
      } catch {
        return resolve({ status: 502, body: Buffer.from(`bad --forward URL ${base}`), headers: { 'Content-Type': 'text/plain' } })
      }
      const prefix = target.pathname.replace(/\/+$/, '')
      const headers: Record<string, string | string[]> = {}
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined && !isHopHeader(k) && k !== 'content-length' && !(rewritten && k === 'content-encoding')) headers[k] = v
      }
      headers['content-length'] = String(body.length)
      const lib = target.protocol === 'https:' ? https : http
      const out = lib.request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port || undefined,
          method,
          path: prefix + pathAndQuery,
          headers,
          timeout: 30_000,
        },
        (r) => {
          const chunks: Buffer[] = []
          r.on('data', (c: Buffer) => chunks.push(c))
          r.on('end', () => {
            const h: Record<string, string> = {}
            for (const [k, v] of Object.entries(r.headers)) {
              if (v === undefined || isHopHeader(k) || k === 'content-length' || k.startsWith('access-control-')) continue
              h[k] = Array.isArray(v) ? v.join(', ') : v
            }
            resolve({ status: r.statusCode || 502, body: Buffer.concat(chunks), headers: h })
          })
          r.on('error', (e) => resolve({ status: 502, body: Buffer.from(`forward: ${e.message}`), headers: { 'Content-Type': 'text/plain' } }))
        },
      )
      out.on('timeout', () => out.destroy(new Error('timed out')))
      out.on('error', (e) => resolve({ status: 502, body: Buffer.from(`forward to ${base} failed: ${e.message}`), headers: { 'Content-Type': 'text/plain' } }))
      out.end(body)
    })
  }

  // ------------------------------------------------------------------ viewer

  private serveViewer(path: string, req: IncomingMessage, res: ServerResponse): void {
    if (path === '/favicon.ico') return send(res, 204)
    if (path === '/api/state') {
      return send(res, 200, JSON.stringify(this.state.snapshot()), { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
    }
    if (path === '/events') {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      })
      res.write('retry: 1000\n\n')
      res.write(`event: state\ndata: ${JSON.stringify(this.state.snapshot())}\n\n`)
      this.sse.add(res)
      req.on('close', () => this.sse.delete(res))
      return
    }
    send(res, 200, req.method === 'HEAD' ? '' : VIEWER_HTML, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
  }

  private scheduleState(): void {
    if (this.sse.size === 0 || this.sseTimer) return
    this.sseTimer = setTimeout(() => this.pushState(), 150)
  }

  private pushState(): void {
    if (this.sseTimer) clearTimeout(this.sseTimer)
    this.sseTimer = null
    if (this.sse.size === 0) return
    const data = `event: state\ndata: ${JSON.stringify(this.state.snapshot())}\n\n`
    for (const r of this.sse) r.write(data)
  }
}

function push<T>(arr: T[], item: T, limit: number): void {
  arr.push(item)
  if (arr.length > limit) arr.splice(0, arr.length - limit)
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s
}

function outLines(input: BatchInput): object[] {
  const at = new Date().toISOString()
  if (input.logs) return input.logs.map((l) => ({ kind: 'log', at, ...l }))
  if (input.metrics) return input.metrics.map((m) => ({ kind: 'metric', at, ...m }))
  if (input.segments) return input.segments.map((s) => ({ kind: 'segment', at, segment: s }))
  if (input.browser) return input.browser.map((b) => ({ kind: 'browser', at, path: b.path, body: b.body }))
  return []
}

/** Starts a collector; resolves once it listens. */
export async function startCollector(options: CollectorOptions = {}): Promise<Collector> {
  return new Collector(options).listen()
}

export type { BatchKind }
