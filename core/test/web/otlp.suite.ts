// The web host in real headless Chromium (run by h5.test.ts), reporting over OTLP (protobuf, decoded by the collector with the
// reference decoder): errors, request metrics from fetch and XHR, traces (sw8 to the page's own origin only),
// page timings, hide → flush, offline → close → reopen → delivered from localStorage, and pass-through.
import type { Collector } from '@minimon/collector'
import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { deadPort, hide, open, sw8, type Env, type Server } from './fixture'

export function otlpSuite(env: Env) {
  describe('over OTLP', () => {
    let c: Collector
    let site: Server
    let other: Server
    let context: BrowserContext
    let tab: Page
    let service = ''
    let n = 0

    beforeAll(() => {
      ;({ c, site, other, context, tab } = env)
    })

    /** The test page loaded afresh (a new document, a new module instance) under a service name unique to the test. */
    async function load(path = '/pages/index/index', entry = 'web'): Promise<Page> {
      service = `h5-otlp-${++n}`
      if (tab.isClosed()) tab = env.tab = await context.newPage()
      await open(tab, `${site.url}${path}?entry=${entry}`)
      return tab
    }
    async function start(options: Record<string, unknown> = {}, path?: string, entry?: string): Promise<Page> {
      const page = await load(path, entry)
      await init(page, options)
      return page
    }
    const init = (page: Page, options: Record<string, unknown> = {}) =>
      page.evaluate(
        (o) => {
          const m = (window as any).minimon.init(o)
          return { enabled: m.enabled, platform: m.platform }
        },
        { service, serviceVersion: '2.0.1', collector: c.url, flushInterval: 60_000, ...options },
      )
    const flush = (page: Page) => page.evaluate(() => (window as any).minimon.flush())
    const logs = () => c.logs.filter((l) => l.resource['service.name'] === service)
    const metrics = (name: string) => c.metrics.filter((m) => m.resource['service.name'] === service && m.name === name)

    it('is detected by the all-platform entry when no mini-program global exists', async () => {
      const page = await start({}, '/pages/index/index', 'index')
      expect(await page.evaluate(() => (window as any).minimon.getMonitor().platform)).toBe('web')
      expect(await page.evaluate(() => (window as any).minimon.getMonitor().currentPage())).toBe('pages/index/index')
    })

    it('reports thrown errors, unhandled rejections and failed resource loads as OTLP error logs', async () => {
      const page = await start()
      await page.evaluate(async () => {
        ;(window as any).throwLater('thrown on purpose')
        void Promise.reject(new RangeError('rejected on purpose'))
        const img = document.createElement('img')
        img.src = '/missing.png?token=secret'
        await new Promise((resolve) => {
          img.onerror = resolve
          document.body.appendChild(img)
        })
      })
      await flush(page)
      await c.waitFor(() => logs().length >= 3)
      const byMessage = (s: string) => logs().find((l) => String(l.body).includes(s))!
      const thrown = byMessage('thrown on purpose')
      expect(thrown.body).toBe('TypeError: thrown on purpose')
      expect(thrown.attributes).toMatchObject({ 'exception.type': 'js', 'miniprogram.page.path': 'pages/index/index' })
      expect(thrown.attributes['exception.stacktrace']).toContain(site.url + '/pages/index/index')
      expect(thrown.resource).toMatchObject({ 'service.name': service, 'service.instance.id': '2.0.1', 'miniprogram.platform': 'web' })
      const rejected = byMessage('rejected on purpose')
      expect(rejected.body).toBe('RangeError: rejected on purpose')
      expect(rejected.attributes['exception.type']).toBe('promise')
      const resource = byMessage('missing.png')
      expect(resource.body).toBe(`Failed to load <img> ${site.url}/missing.png`)
      expect(resource.attributes['exception.type']).toBe('js')
    })

    it('measures fetch and XHR into the request histogram, failures included, and reports failures as ajax errors', async () => {
      const page = await start()
      const dead = await deadPort()
      await page.evaluate(async (deadUrl) => {
        await fetch('/api/echo')
        await fetch('/api/status/500')
        await fetch(deadUrl).catch(() => {})
        const xhr = (url: string, abort = false) =>
          new Promise<void>((resolve) => {
            const x = new XMLHttpRequest()
            x.open('GET', url)
            x.onloadend = () => resolve()
            x.send()
            if (abort) x.abort()
          })
        await xhr('/api/echo')
        await xhr('/api/status/404')
        await xhr('/api/slow/2000', true)
      }, `http://127.0.0.1:${dead}/api/down`)
      await flush(page)
      await c.waitFor(() => metrics('miniprogram.request.duration').length >= 4 && logs().length >= 4)
      const points = metrics('miniprogram.request.duration')
      const find = (group: string, status?: number) =>
        points.filter((p) => p.attributes['url.path.group'] === group && p.attributes['http.response.status_code'] === status)
      expect(find('/api/echo', 200)[0]).toMatchObject({ type: 'histogram', temporality: 1, count: 2 })
      expect(find('/api/echo', 200)[0].attributes).toMatchObject({ 'http.request.method': 'GET', 'server.address': '127.0.0.1', 'miniprogram.page.path': 'pages/index/index' })
      // id-like path segments are grouped (bounded cardinality)
      expect(find('/api/status/{id}', 500)).toHaveLength(1)
      expect(find('/api/status/{id}', 404)).toHaveLength(1)
      // no status: a network failure, an aborted XHR
      expect(find('/api/down', undefined)).toHaveLength(1)
      expect(find('/api/slow/{id}', undefined)).toHaveLength(1)
      // the monitor's own requests are never measured
      expect(points.every((p) => p.attributes['server.port'] !== c.port)).toBe(true)
      const ajax = logs().filter((l) => l.attributes['exception.type'] === 'ajax')
      expect(ajax.map((l) => l.body).sort()).toEqual(
        [
          `GET ${site.url}/api/status/404 404`,
          `GET ${site.url}/api/status/500 500`,
          `GET ${site.url}/api/slow/2000 abort`,
          `GET http://127.0.0.1:${dead}/api/down Failed to fetch`,
        ].sort(),
      )
      expect(ajax.find((l) => l.attributes['http.response.status_code'] === 500)!.attributes).toMatchObject({ 'http.request.method': 'GET', 'server.address': '127.0.0.1' })
    })

    it('keeps fetch and XHR intact: arguments, Request objects, the response object, rejections, handlers; restores on shutdown', async () => {
      const page = await load()
      // a spy beneath the monitor's wrapper sees exactly what reaches the real fetch
      await page.evaluate(() => {
        const w = window as any
        const real = w.fetch
        w.seen = []
        w.fetch = function (this: unknown, ...args: any[]) {
          const p = real.apply(this, args)
          w.seen.push({ args, p })
          return p
        }
        w.spy = w.fetch
        w.realOpen = XMLHttpRequest.prototype.open
        w.realSend = XMLHttpRequest.prototype.send
      })
      await init(page, { enable: { tracing: true } })
      const r = await page.evaluate(async () => {
        const w = window as any
        const wrapped = w.fetch !== w.spy && XMLHttpRequest.prototype.open !== w.realOpen
        // a Request with a body and headers, plus an init
        const req = new Request('/api/echo?x=1', { method: 'POST', body: 'payload-1', headers: { 'x-user': 'u1' } })
        const res1 = await fetch(req)
        const s1 = w.seen[0]
        const sameResponse = res1 === (await s1.p)
        const body1 = await res1.json()
        // an init with headers in all three forms
        const res2 = await fetch('/api/echo', { method: 'PUT', body: 'payload-2', headers: [['x-a', '1']] })
        const body2 = await res2.json()
        const s2 = w.seen[1]
        // a rejected fetch still rejects with the same error, and stays unhandled if the app does not catch it
        let reason = ''
        await fetch('http://127.0.0.1:1/').catch((e: Error) => (reason = e.name + ': ' + e.message))
        // XHR: handlers, this, response, user headers
        const x = new XMLHttpRequest()
        const calls: string[] = []
        const thisOk = await new Promise<boolean>((resolve) => {
          x.open('POST', '/api/echo')
          x.setRequestHeader('x-b', '2')
          x.onreadystatechange = function () {
            if (x.readyState === 4) calls.push('rsc')
          }
          x.onload = function (this: unknown) {
            calls.push('load')
            resolve(this === x)
          }
          x.send('payload-3')
        })
        const body3 = JSON.parse(x.responseText)
        await w.minimon.shutdown()
        return {
          wrapped,
          sameResponse,
          firstArgIsRequest: s1.args[0] instanceof Request,
          firstHasSw8: s1.args[1] && new Headers(s1.args[1].headers).has('sw8'),
          firstKeepsUserHeader: s1.args[1] && new Headers(s1.args[1].headers).get('x-user'),
          body1,
          body2,
          secondInit: { method: s2.args[1].method, body: s2.args[1].body, a: new Headers(s2.args[1].headers).get('x-a'), sw8: new Headers(s2.args[1].headers).has('sw8') },
          reason,
          calls,
          thisOk,
          body3,
          restored: w.fetch === w.spy && XMLHttpRequest.prototype.open === w.realOpen && XMLHttpRequest.prototype.send === w.realSend,
        }
      })
      expect(r.wrapped).toBe(true)
      expect(r.sameResponse).toBe(true)
      expect(r.firstArgIsRequest).toBe(true)
      expect(r.firstHasSw8).toBe(true)
      expect(r.firstKeepsUserHeader).toBe('u1')
      expect(r.body1).toMatchObject({ method: 'POST', body: 'payload-1' })
      expect(r.body1.sw8).toMatch(/^1-/)
      expect(r.body2).toMatchObject({ method: 'PUT', body: 'payload-2' })
      expect(r.secondInit).toEqual({ method: 'PUT', body: 'payload-2', a: '1', sw8: true })
      expect(r.reason).toBe('TypeError: Failed to fetch')
      expect(r.calls).toEqual(['rsc', 'load'])
      expect(r.thisOk).toBe(true)
      expect(r.body3).toMatchObject({ method: 'POST', body: 'payload-3' })
      expect(r.body3.sw8).toMatch(/^1-/)
      expect(r.restored).toBe(true)
      const headers = site.hits.filter((h) => h.body === 'payload-1' || h.body === 'payload-3').map((h) => h.headers)
      expect(headers[0]['x-user']).toBe('u1')
      expect(headers[1]['x-b']).toBe('2')
    })

    it('leaves an uncaught fetch rejection unhandled (reported as a promise error)', async () => {
      const page = await start({ flushInterval: 100 })
      await page.evaluate(() => {
        void fetch('http://127.0.0.1:1/never')
      })
      await c.waitFor(() => logs().some((l) => l.attributes['exception.type'] === 'promise'))
      expect(logs().find((l) => l.attributes['exception.type'] === 'promise')!.body).toBe('TypeError: Failed to fetch')
    })

    it('traces requests: sw8 to the page origin only by default, one segment per request', async () => {
      const page = await start({ enable: { tracing: true } })
      await page.evaluate(async (otherUrl) => {
        await fetch('/api/echo?trace=fetch')
        await new Promise<void>((resolve) => {
          const x = new XMLHttpRequest()
          x.open('GET', '/api/echo?trace=xhr')
          x.onloadend = () => resolve()
          x.send()
        })
        await fetch(otherUrl + '/api/echo?trace=cross')
      }, other.url)
      await flush(page)
      await c.waitFor(() => c.segments.filter((s) => s.service === service).length >= 3)
      const same = site.hits.filter((h) => /trace=(fetch|xhr)/.test(h.path))
      expect(same).toHaveLength(2)
      const cross = other.hits.filter((h) => h.path.includes('trace=cross'))
      // no header, hence no CORS preflight at the other origin
      expect(cross.map((h) => h.method)).toEqual(['GET'])
      expect(cross[0].headers.sw8).toBeUndefined()
      const segments = c.segments.filter((s) => s.service === service)
      for (const h of same) {
        const h8 = sw8(String(h.headers.sw8))
        expect(h8).toMatchObject({ sample: '1', spanId: '0', service, instance: '2.0.1', endpoint: 'pages/index/index', peer: site.url.slice(7), parts: 8 })
        const s = segments.find((x) => x.traceId === h8.traceId)!
        expect(s.traceSegmentId).toBe(h8.segmentId)
        expect(s.serviceInstance).toBe('2.0.1')
        expect(s.spans![0]).toMatchObject({ spanId: 0, parentSpanId: -1, spanType: 'Exit', spanLayer: 'Http', componentId: 10001, peer: site.url.slice(7), operationName: 'pages/index/index', isError: false })
        expect(s.spans![0].tags).toEqual(expect.arrayContaining([{ key: 'http.status_code', value: '200' }, { key: 'url', value: site.url + '/api/echo' }, { key: 'miniprogram.platform', value: 'web' }]))
      }
      // the cross-origin request is traced too, without a header
      expect(segments.some((s) => s.spans![0].peer === other.url.slice(7))).toBe(true)
    })

    it('sends sw8 to the origins tracing.propagateTo names', async () => {
      const page = await start({ enable: { tracing: true }, tracing: { propagateTo: [other.url + '/'] } })
      await page.evaluate((otherUrl) => fetch(otherUrl + '/api/echo?trace=allowed').then(() => undefined), other.url)
      const cross = other.hits.filter((h) => h.path.includes('trace=allowed'))
      expect(cross.map((h) => h.method)).toEqual(['OPTIONS', 'GET'])
      expect(sw8(String(cross[1].headers.sw8)).service).toBe(service)
    })

    it('follows the route: hash router paths, history paths', async () => {
      const page = await start()
      const current = () => page.evaluate(() => (window as any).minimon.getMonitor().currentPage())
      await page.evaluate(() => history.pushState(null, '', '/pages/cart/cart/?stamp=1'))
      expect(await current()).toBe('pages/cart/cart')
      await page.evaluate(() => (location.hash = '#/pages/order/detail?id=7'))
      expect(await current()).toBe('pages/order/detail')
      await page.evaluate(() => (location.hash = '#section-2'))
      expect(await current()).toBe('pages/cart/cart')
      // id-like segments are grouped: the page path is an OAP endpoint and must stay bounded
      await page.evaluate(() => history.pushState(null, '', '/orders/20240611093001/detail'))
      expect(await current()).toBe('orders/{id}/detail')
      await page.evaluate(() => history.pushState(null, '', '/'))
      expect(await current()).toBe('index')
    })

    it('flushes when the tab is hidden: errors, launch, FCP and LCP gauges', async () => {
      const page = await start()
      await page.waitForFunction(() => performance.getEntriesByType('navigation')[0] && (performance.getEntriesByType('navigation')[0] as any).loadEventEnd > 0)
      await page.evaluate(() => (window as any).minimon.getMonitor().captureError(new Error('before hide')))
      await page.waitForTimeout(50)
      const before = c.requests.length
      await hide(page)
      await c.waitFor(() => logs().length >= 1 && metrics('miniprogram.largest_contentful_paint.duration').length >= 1)
      expect(c.requests.length).toBeGreaterThan(before)
      expect(logs()[0].body).toBe('Error: before hide')
      for (const name of ['miniprogram.app_launch.duration', 'miniprogram.first_contentful_paint.duration', 'miniprogram.largest_contentful_paint.duration']) {
        const points = metrics(name)
        expect(points, name).toHaveLength(1)
        expect(points[0]).toMatchObject({ type: 'gauge', valueType: 'int' })
        expect(points[0].value).toBeGreaterThan(0)
        expect(points[0].attributes['miniprogram.page.path']).toBe('pages/index/index')
      }
      // first render is the page lifecycle's (load → ready), which only an adapter reports: none here
      expect(metrics('miniprogram.first_render.duration')).toEqual([])
      // the same hide again (pagehide after visibilitychange) sends nothing twice
      const sent = c.requests.length
      await page.evaluate(() => window.dispatchEvent(new Event('pagehide')))
      await page.waitForTimeout(200)
      expect(c.requests.length).toBe(sent)
    })

    it('keeps what could not be sent offline in localStorage and delivers it after the page is reopened', async () => {
      const page = await start()
      await context.setOffline(true)
      await page.evaluate(() => {
        const m = (window as any).minimon.getMonitor()
        m.captureError(new Error('offline one'))
        m.captureError(new Error('offline two'))
      })
      // closing the tab: pagehide persists synchronously, the send fails offline
      await page.close({ runBeforeUnload: true })
      await expect.poll(() => page.isClosed()).toBe(true)
      expect(logs()).toHaveLength(0)
      await context.setOffline(false)
      const again = (tab = env.tab = await context.newPage())
      await open(again, `${site.url}/pages/index/index`)
      const stored = await again.evaluate((s) => localStorage.getItem('minimon:' + s), service)
      expect(JSON.parse(stored!).r.filter((r: any) => r.kind === 'error').map((r: any) => r.message).sort()).toEqual(['Error: offline one', 'Error: offline two'])
      await init(again)
      await c.waitFor(() => logs().length >= 2)
      expect(logs().map((l) => l.body).sort()).toEqual(['Error: offline one', 'Error: offline two'])
      // what the collector accepted is removed from storage
      await expect.poll(() => again.evaluate((s) => localStorage.getItem('minimon:' + s), service)).toBeNull()
    })
  })
}
