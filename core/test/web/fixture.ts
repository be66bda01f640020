// Real headless Chromium against real local servers:
// - `site`: the page's own origin. Serves the BUILT core (core/dist/*.mjs) as ES modules, a test page at
//   any /pages/... path, and the app's API (/api/echo, /api/status/NNN, /api/slow/MS; a 404 for anything else);
// - `other`: a second origin with the same API and permissive CORS (for "no sw8 cross-origin");
// - the local collector (@minimon/collector), a third origin, which accepts OTLP and /browser/* with CORS.
// One browser per test file; one fresh context (fresh localStorage) shared by its tests, which load the page
// afresh and use service names (hence storage keys) of their own.
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Collector } from '@minimon/collector'
import type { Browser, BrowserContext, Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)
const dist = join(__dirname, '../../dist')

export interface Hit {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
}

const PAGE = (entry: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>minimon H5 test page</title></head>
<body>
<h1>minimon H5 test page</h1>
<p>Some text so that the browser paints something contentful, and a largest contentful element.</p>
<div style="width:300px;height:200px;background:#3a7">block</div>
<script type="module">
import * as minimon from '/dist/${entry}.mjs'
window.minimon = minimon
// throws from this page's own script, so the stack names a URL, line and column
window.throwLater = (message) => setTimeout(() => {
  throw new TypeError(message)
})
window.minimonReady = true
</script>
</body></html>`

/** An HTTP server on 127.0.0.1 recording every request (preflights included). */
export async function startServer(opts: { cors?: boolean } = {}) {
  const hits: Hit[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const path = req.url!.split('?')[0]
      const hit: Hit = { method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      hits.push(hit)
      const cors: Record<string, string> = opts.cors
        ? { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': '*', 'access-control-expose-headers': 'x-app' }
        : {}
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors)
        return res.end()
      }
      const file = /^\/dist\/(\w+\.mjs)$/.exec(path)
      if (file) {
        const p = join(dist, file[1])
        if (!existsSync(p)) {
          res.writeHead(404)
          return res.end()
        }
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' })
        return res.end(readFileSync(p))
      }
      if (path.indexOf('/pages/') === 0 || path === '/' || path === '/index.html') {
        const entry = /[?&]entry=(\w+)/.exec(req.url!)?.[1] || 'web'
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        return res.end(PAGE(entry))
      }
      const [kind, arg] = path.split('/').slice(1)
      const answer = (status: number) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-app': 'yes', ...cors })
        res.end(JSON.stringify({ ok: status < 400, method: req.method, sw8: req.headers.sw8 || null, body: hit.body }))
      }
      if (kind === 'api' && arg === 'echo') answer(200)
      else if (kind === 'api' && arg === 'status') answer(+path.split('/')[3])
      else if (kind === 'api' && arg === 'slow') setTimeout(() => answer(200), +path.split('/')[3])
      else {
        res.writeHead(404, cors)
        res.end()
      }
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

export type Server = Awaited<ReturnType<typeof startServer>>

/** What the suites share: filled in by h5.test.ts's beforeAll. `tab` is replaced when a test closes it. */
export interface Env {
  browser: Browser
  c: Collector
  site: Server
  other: Server
  context: BrowserContext
  tab: Page
}

/** A port nothing listens on: requests to it fail at the network level. */
export async function deadPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as AddressInfo).port
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

export async function launch(): Promise<Browser> {
  if (!existsSync(join(dist, 'web.mjs')))
    throw new Error('core/dist/web.mjs is missing: run `node scripts/build.mjs @minimon/core` first')
  const { chromium } = await import('playwright-core')
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/** Loads the test page (any /pages/... path, `?entry=` web or index) in `page`; module scripts run before `load`. */
export async function open(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.waitForFunction(() => (window as any).minimonReady === true)
}

/** What `visibilitychange` to hidden looks like to the page (a tab switch, the app going to the background). */
export async function hide(page: Page): Promise<void> {
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
    document.dispatchEvent(new Event('visibilitychange'))
  })
}

/** Waits until `check` stops throwing. */
export async function eventually(check: () => void, timeout = 5000): Promise<void> {
  const until = Date.now() + timeout
  for (;;) {
    try {
      check()
      return
    } catch (e) {
      if (Date.now() > until) throw e
      await new Promise((r) => setTimeout(r, 25))
    }
  }
}

/** Decodes an sw8 header into its eight fields (base64 parts decoded). */
export function sw8(value: string) {
  const p = value.split('-')
  const d = (s: string) => Buffer.from(s, 'base64').toString('utf8')
  return { sample: p[0], traceId: d(p[1]), segmentId: d(p[2]), spanId: p[3], service: d(p[4]), instance: d(p[5]), endpoint: d(p[6]), peer: d(p[7]), parts: p.length }
}
