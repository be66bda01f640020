import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

export const VIEWER_PATHS = new Set(['/', '/index.html', '/events', '/api/state', '/favicon.ico'])

export function setCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin
  res.setHeader('Access-Control-Allow-Origin', typeof origin === 'string' && origin ? origin : '*')
  res.setHeader('Vary', 'Origin')
  res.setHeader('Access-Control-Allow-Credentials', 'true')
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Content-Type, Content-Length, sw8')
}

export function preflight(req: IncomingMessage, res: ServerResponse): void {
  const asked = req.headers['access-control-request-headers']
  res.setHeader('Access-Control-Allow-Methods', 'POST, GET, OPTIONS')
  res.setHeader(
    'Access-Control-Allow-Headers',
    typeof asked === 'string' && asked.trim()
      ? asked
      : 'content-type, content-encoding, sw8, authorization, x-requested-with',
  )
  res.setHeader('Access-Control-Max-Age', '600')
  res.statusCode = 204
  res.setHeader('Content-Length', '0')
  res.end()
}

/** Media type without parameters, lower case ('' when absent). */
export function mediaType(v: string | undefined): string {
  return (v || '').split(';')[0].trim().toLowerCase()
}

export interface BodyResult {
  body: Buffer
  /** Bytes that arrived (may exceed the limit when `over`). */
  bytes: number
  over: boolean
  /** The client went away / the socket was destroyed before the end. */
  aborted: boolean
}

/**
 * Reads a request body, keeping at most `limit` bytes in memory. Past the limit it stops keeping data and
 * drains (discards) up to `drainCap` more bytes so the client can read the 413; beyond that it resolves at once.
 * `onBytes` sees the running total (used by the reset fault).
 */
export function readBody(
  req: IncomingMessage,
  limit: number,
  drainCap: number,
  onBytes?: (total: number) => boolean,
): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let bytes = 0
    let over = false
    let done = false
    const finish = (aborted: boolean) => {
      if (done) return
      done = true
      resolve({ body: over ? Buffer.alloc(0) : Buffer.concat(chunks), bytes, over, aborted })
    }
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) {
      over = true
      if (declared > limit + drainCap) {
        req.resume()
        return finish(false)
      }
    }
    req.on('data', (chunk: Buffer) => {
      if (done) return
      bytes += chunk.length
      if (onBytes && onBytes(bytes)) return finish(true)
      if (over) {
        if (bytes > limit + drainCap) finish(false)
        return
      }
      if (bytes > limit) {
        over = true
        chunks.length = 0
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => finish(false))
    req.on('aborted', () => finish(true))
    req.on('error', () => finish(true))
    req.on('close', () => finish(!req.complete))
  })
}

export function resetSocket(socket: Socket | null | undefined): void {
  if (!socket || socket.destroyed) return
  const s = socket as Socket & { resetAndDestroy?: () => void }
  if (typeof s.resetAndDestroy === 'function') s.resetAndDestroy()
  else s.destroy()
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer = '',
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return
  const buf = typeof body === 'string' ? Buffer.from(body) : body
  res.statusCode = status
  for (const k of Object.keys(headers)) res.setHeader(k, headers[k])
  res.setHeader('Content-Length', String(buf.length))
  res.end(buf)
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

const HOP = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'trailers',
  'transfer-encoding', 'upgrade', 'host',
])

export function isHopHeader(name: string): boolean {
  return HOP.has(name.toLowerCase())
}
