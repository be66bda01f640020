// Real HTTP for request/downloadFile/uploadFile, shared by both platforms. The pool enforces the
// platform's concurrency limit (further calls wait in FIFO order, as newer WeChat base libraries do),
// can interrupt every open request when the app is suspended, and can drop them silently when it is killed.

import http from 'node:http'
import https from 'node:https'
import { realClearTimeout, realSetTimeout } from './timers'

export interface HttpRequest {
  url: string
  method: string
  headers: Record<string, string>
  body?: Buffer
  timeoutMs: number
}

export interface HttpResponse {
  status: number
  /** Header names as the server wrote them; repeated headers joined with ", ". */
  headers: Record<string, string>
  /** Every Set-Cookie value. */
  cookies: string[]
  body: Buffer
}

export type FailKind = 'timeout' | 'abort' | 'interrupted' | 'network' | 'invalid'

export class HttpFailure extends Error {
  constructor(
    readonly kind: FailKind,
    message: string,
  ) {
    super(message)
  }
}

export interface TransferHooks {
  onHeaders?(status: number, headers: Record<string, string>, cookies: string[]): void
  onDownloadProgress?(loaded: number, total: number): void
  onUploadProgress?(sent: number, total: number): void
}

export interface Transfer {
  /** Settles once: the response (any HTTP status) or an HttpFailure. Never settles if dropped by kill. */
  readonly done: Promise<HttpResponse>
  abort(): void
}

type State = 'queued' | 'active' | 'settled'

class Job implements Transfer {
  state: State = 'queued'
  readonly done: Promise<HttpResponse>
  private resolve!: (r: HttpResponse) => void
  private reject!: (e: HttpFailure) => void
  private req?: http.ClientRequest
  private timer?: ReturnType<typeof realSetTimeout>

  constructor(
    private readonly pool: NetworkPool,
    readonly request: HttpRequest,
    private readonly hooks: TransferHooks,
  ) {
    this.done = new Promise<HttpResponse>((res, rej) => {
      this.resolve = res
      this.reject = rej
    })
    // The platform reports failures through callbacks, never as unhandled rejections.
    this.done.catch(() => {})
  }

  abort(): void {
    this.fail(new HttpFailure('abort', 'abort'))
  }

  start(agent: { http: http.Agent; https: https.Agent }): void {
    this.state = 'active'
    let url: URL
    try {
      url = new URL(this.request.url)
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('bad protocol')
    } catch {
      this.fail(new HttpFailure('invalid', `invalid url "${this.request.url}"`))
      return
    }
    const mod = url.protocol === 'https:' ? https : http
    const headers: Record<string, string> = { ...this.request.headers }
    if (this.request.body) headers['Content-Length'] = String(this.request.body.length)
    const req = mod.request(url, {
      method: this.request.method,
      headers,
      agent: url.protocol === 'https:' ? agent.https : agent.http,
    })
    this.req = req
    this.timer = realSetTimeout(() => this.fail(new HttpFailure('timeout', 'timeout')), this.request.timeoutMs)
    req.on('error', (e) => this.fail(new HttpFailure('network', e.message)))
    req.on('response', (res) => {
      const { headers: hdrs, cookies } = collectHeaders(res.rawHeaders)
      const status = res.statusCode ?? 0
      this.hooks.onHeaders?.(status, hdrs, cookies)
      const total = Number(res.headers['content-length'] ?? -1)
      const chunks: Buffer[] = []
      let loaded = 0
      res.on('data', (c: Buffer) => {
        chunks.push(c)
        loaded += c.length
        if (this.state === 'active') this.hooks.onDownloadProgress?.(loaded, total)
      })
      res.on('error', (e) => this.fail(new HttpFailure('network', e.message)))
      res.on('end', () => {
        // Without Content-Length the total is only known at the end: report completion once.
        if (total < 0 && this.state === 'active') this.hooks.onDownloadProgress?.(loaded, loaded)
        this.succeed({ status, headers: hdrs, cookies, body: Buffer.concat(chunks) })
      })
    })
    const body = this.request.body
    if (body) {
      req.write(body, () => {
        if (this.state === 'active') this.hooks.onUploadProgress?.(body.length, body.length)
      })
    }
    req.end()
  }

  succeed(r: HttpResponse): void {
    if (this.state === 'settled') return
    this.finish()
    this.resolve(r)
  }

  fail(e: HttpFailure): void {
    if (this.state === 'settled') return
    this.finish()
    this.reject(e)
  }

  /** Kill: tear down without settling, so no callback ever runs. */
  drop(): void {
    if (this.state === 'settled') return
    this.finish()
  }

  private finish(): void {
    const wasActive = this.state === 'active'
    this.state = 'settled'
    if (this.timer) realClearTimeout(this.timer)
    this.req?.destroy()
    this.pool.release(this, wasActive)
  }
}

function collectHeaders(raw: string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {}
  const cookies: string[] = []
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]
    const value = raw[i + 1]
    if (name.toLowerCase() === 'set-cookie') cookies.push(value)
    const existing = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase())
    if (existing) headers[existing] += `, ${value}`
    else headers[name] = value
  }
  return { headers, cookies }
}

/** A transfer refused before it started (e.g. while the JS thread is suspended). */
export function refusedTransfer(kind: FailKind, message: string): Transfer {
  const done = Promise.reject(new HttpFailure(kind, message))
  done.catch(() => {})
  return { done, abort() {} }
}

export class NetworkPool {
  private readonly queue: Job[] = []
  private readonly active = new Set<Job>()
  private readonly waiters: Array<() => void> = []
  private readonly agent = {
    http: new http.Agent({ keepAlive: false }),
    https: new https.Agent({ keepAlive: false }),
  }

  /** `limit`: most transfers in flight at once (WeChat: 10); Infinity for no limit. */
  constructor(readonly limit: number) {}

  /** Transfers queued or in flight. */
  get pending(): number {
    return this.queue.length + this.active.size
  }

  get inFlight(): number {
    return this.active.size
  }

  start(request: HttpRequest, hooks: TransferHooks = {}): Transfer {
    const job = new Job(this, request, hooks)
    this.queue.push(job)
    this.pump()
    return job
  }

  /** Suspension: every open or queued transfer fails with `interrupted`. */
  interruptAll(): void {
    for (const job of [...this.active, ...this.queue]) job.fail(new HttpFailure('interrupted', 'interrupted'))
  }

  /** Kill: every transfer disappears without a callback. */
  dropAll(): void {
    for (const job of [...this.active, ...this.queue]) job.drop()
    this.agent.http.destroy()
    this.agent.https.destroy()
  }

  /** Resolves when nothing is queued or in flight. */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  release(job: Job, wasActive: boolean): void {
    if (wasActive) this.active.delete(job)
    else {
      const i = this.queue.indexOf(job)
      if (i >= 0) this.queue.splice(i, 1)
    }
    this.pump()
    if (this.pending === 0) for (const w of this.waiters.splice(0)) w()
  }

  private pump(): void {
    while (this.active.size < this.limit && this.queue.length > 0) {
      const job = this.queue.shift()!
      this.active.add(job)
      job.start(this.agent)
    }
  }
}
