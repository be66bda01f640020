// A real HTTP server on 127.0.0.1 for the sim's network tests.
//   /json            {"ok":true} with two Set-Cookie headers and a mixed-case custom header
//   /text            plain "hello"
//   /status/<code>   that status with a JSON body {"code":<code>}
//   /status-text/<code> that status with a non-JSON body
//   /echo            JSON of method, url, headers and body received
//   /hold            answers only when release() is called (counts open ones)
//   /slow/<ms>       answers after <ms>
//   /bin             four bytes 0 1 2 3
//   /empty           204 without body
//   /upload          echoes the multipart body length and the field names seen

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'

export interface TestServer {
  url: string
  /** Requests currently held by /hold. */
  held(): number
  /** Most requests ever held at the same time. */
  maxHeld(): number
  /** Answers every held request with 200 {"released":true}. */
  release(): void
  /** Requests that reached the server (path only). */
  seen: string[]
  /** Held requests whose client went away before an answer. */
  closedEarly(): number
  close(): Promise<void>
}

export async function startServer(): Promise<TestServer> {
  const holding = new Set<http.ServerResponse>()
  let maxHeld = 0
  let closedEarly = 0
  const seen: string[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const path = (req.url ?? '/').split('?')[0]
      seen.push(path)
      const json = (status: number, data: unknown, extra: Record<string, string | string[]> = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...extra })
        res.end(JSON.stringify(data))
      }
      if (path === '/json') return json(200, { ok: true }, { 'Set-Cookie': ['a=1; Path=/', 'b=2'], 'X-Trace-Id': 'abc' })
      if (path === '/text') {
        res.writeHead(200, { 'Content-Type': 'text/plain' })
        return res.end('hello')
      }
      if (path.startsWith('/status/')) return json(Number(path.slice(8)), { code: Number(path.slice(8)) })
      if (path.startsWith('/status-text/')) {
        res.writeHead(Number(path.slice(13)), { 'Content-Type': 'text/html' })
        return res.end('<h1>oops</h1>')
      }
      if (path === '/echo') {
        return json(200, { method: req.method, url: req.url, headers: req.headers, body: body.toString('utf8') })
      }
      if (path === '/hold') {
        holding.add(res)
        maxHeld = Math.max(maxHeld, holding.size)
        res.on('close', () => {
          if (holding.delete(res)) closedEarly++
        })
        return
      }
      if (path.startsWith('/slow/')) {
        void delay(Number(path.slice(6))).then(() => json(200, { slow: true }))
        return
      }
      if (path === '/bin') {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' })
        return res.end(Buffer.from([0, 1, 2, 3]))
      }
      if (path === '/empty') {
        res.writeHead(204)
        return res.end()
      }
      if (path === '/upload') {
        const text = body.toString('latin1')
        const names = [...text.matchAll(/; name="([^"]+)"/g)].map((m) => m[1])
        return json(200, { length: body.length, names, type: req.headers['content-type'] })
      }
      json(404, { error: 'not found' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    held: () => holding.size,
    maxHeld: () => maxHeld,
    release: () => {
      for (const res of [...holding]) {
        holding.delete(res)
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end('{"released":true}')
      }
    },
    seen,
    closedEarly: () => closedEarly,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of holding) res.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Resolves when `check` is true, polling on real time (immune to the sim's timers); fails after `ms`. */
export async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await delay(5)
  }
}

/** Calls a callback-style API and resolves with { ok, res } once success or fail ran (complete included). */
export function call(api: (o: Record<string, unknown>) => unknown, opts: Record<string, unknown>): Promise<{ ok: boolean; res: any; task: any }> {
  return new Promise((resolve) => {
    let outcome: { ok: boolean; res: any } | undefined
    const task = api({
      ...opts,
      success: (res: any) => (outcome = { ok: true, res }),
      fail: (res: any) => (outcome = { ok: false, res }),
      complete: () => resolve({ ...outcome!, task }),
    })
  })
}
