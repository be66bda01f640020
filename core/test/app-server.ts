// The app's own backend in tests: a real HTTP server on 127.0.0.1 that echoes what it received
// (/echo), answers with a chosen status (/status/503), or answers late (/slow/300).
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

export async function startAppServer() {
  const received: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const r = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      received.push(r)
      const [, kind, arg] = req.url!.split('?')[0].split('/')
      const send = (status: number) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-app': 'yes', 'set-cookie': 'sid=1' })
        res.end(JSON.stringify({ ok: status < 400, echo: r }))
      }
      if (kind === 'status') send(+arg)
      else if (kind === 'slow') setTimeout(() => send(200), +arg)
      else send(200)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
