// The playground apps' own backend: a tiny product API on 127.0.0.1 that their pages call, so that their
// deliberate failures (a 404, a 500) land here and never on the collector. The demo runner starts one per app
// (each app's demo.mjs exports startApiServer) and the tests start their own. It records what it received
// (headers included), so tests can see the sw8 trace header the monitor adds.
//
//   GET /api/items       200, the list
//   GET /api/items/:id   200, or 404 for an id it does not have
//   GET /api/flaky       500
//   anything else        404
import { createServer } from 'node:http'

const ITEMS = [
  { id: 1, name: 'Green tea', price: 18 },
  { id: 7, name: 'Oolong', price: 26 },
  { id: 42, name: 'Pu-erh cake', price: 88 },
]

/**
 * @param {{ port?: number, host?: string, latencyMs?: [number, number] }} [options]
 * @returns {Promise<{ url: string, port: number, received: { method: string, url: string, headers: import('node:http').IncomingHttpHeaders, at: number }[], close(): Promise<void> }>}
 */
export async function startApiServer(options = {}) {
  const [min, max] = options.latencyMs || [5, 60]
  const received = []
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, at: Date.now() })
      if (received.length > 1000) received.splice(0, received.length - 1000)
      const path = (req.url || '/').split('?')[0]
      const send = (status, body) => {
        res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' })
        res.end(JSON.stringify(body))
      }
      const delay = min + Math.floor(Math.random() * (max - min + 1))
      setTimeout(() => {
        if (req.method === 'OPTIONS') return send(204, {})
        if (path === '/api/items') return send(200, { items: ITEMS })
        const one = /^\/api\/items\/(\d+)$/.exec(path)
        if (one) {
          const item = ITEMS.find((i) => i.id === +one[1])
          return item ? send(200, item) : send(404, { error: 'no such item' })
        }
        if (path === '/api/flaky') return send(500, { error: 'recommendations are down' })
        send(404, { error: 'not found' })
      }, delay)
    })
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host || '127.0.0.1', resolve)
  })
  const port = server.address().port
  return {
    url: `http://${options.host || '127.0.0.1'}:${port}`,
    port,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.()
        server.close(() => resolve())
      }),
  }
}

/**
 * Starts the API server and names it to the apps this process launches next, as the demo runner does
 * (`globalThis.__MINIMON_PLAYGROUND__.api`, which the apps read when they start). close() stops it and puts
 * back what was there.
 * @param {{ port?: number, host?: string, latencyMs?: [number, number] }} [options]
 */
export async function startPlaygroundApi(options) {
  const api = await startApiServer(options)
  const previous = globalThis.__MINIMON_PLAYGROUND__
  globalThis.__MINIMON_PLAYGROUND__ = { ...previous, api: api.url }
  return {
    ...api,
    async close() {
      if (previous === undefined) delete globalThis.__MINIMON_PLAYGROUND__
      else globalThis.__MINIMON_PLAYGROUND__ = previous
      await api.close()
    },
  }
}
