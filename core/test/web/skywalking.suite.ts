// The web host (run by h5.test.ts) with `protocol: 'skywalking'`: SkyWalking's browser protocol, checked field by field against
// its definitions:
// - apache/skywalking-data-collect-protocol browser/BrowserPerf.proto: BrowserErrorLog, BrowserPerfData,
//   ErrorCategory { ajax, resource, vue, promise, js, unknown };
// - apache/skywalking oap-server/.../receiver/browser/provider/handler/rest/BrowserPerfServiceHTTPHandler.java
//   (POST /browser/errorLogs takes a JSON array, /browser/perfData and /browser/perfData/webVitals one object)
//   and .../parser/performance/decorators/BrowserWebVitalsPerfDataDecorator.java (fmpTime, lcpTime, cls);
// - apache/skywalking oap-server/server-starter/src/main/resources/component-libraries.yml (`ajax`: 10001);
// - apache/skywalking-client-js src/performance/perf.ts (how BrowserPerfData is derived from navigation timing).
import type { Collector } from '@minimon/collector'
import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { hide, open, sw8, type Env, type Server } from './fixture'

type Json = Record<string, any>

const ERROR_LOG_FIELDS = 'uniqueId service serviceVersion time pagePath category grade message line col stack errorUrl firstReportedError'.split(' ')
const PERF_DATA_FIELDS = ('service serviceVersion time pagePath redirectTime dnsTime ttfbTime tcpTime transTime domAnalysisTime fptTime ' +
  'domReadyTime loadPageTime resTime sslTime ttlTime firstPackTime fmpTime').split(' ')
const WEB_VITALS_FIELDS = 'service serviceVersion time pagePath fmpTime lcpTime cls'.split(' ')
const ERROR_CATEGORIES = ['ajax', 'resource', 'vue', 'promise', 'js', 'unknown']
const INT32 = (v: unknown) => Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31

export function skywalkingSuite(env: Env) {
  describe('over SkyWalking browser protocol', () => {
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

    async function start(options: Record<string, unknown> = {}): Promise<Page> {
      service = `h5-sw-${++n}`
      await open(tab, `${site.url}/pages/index/index`)
      await tab.evaluate((o) => (window as any).minimon.init(o), {
        service,
        serviceVersion: '2.0.1',
        collector: c.url,
        protocol: 'skywalking',
        flushInterval: 60_000,
        ...options,
      })
      return tab
    }
    const flush = (page: Page) => page.evaluate(() => (window as any).minimon.flush())
    /** Every item POSTed to `path` for this test's service (arrays flattened). */
    const sent = (path: string): Json[] =>
      c.browser.filter((b) => b.path === path).flatMap((b) => (Array.isArray(b.body) ? b.body : [b.body])).filter((x: Json) => x.service === service)

    it('sends errors to /browser/errorLogs as BrowserErrorLog: js, promise, resource and ajax categories', async () => {
      const page = await start()
      await page.evaluate(async () => {
        const w = window as any
        w.throwLater('thrown on purpose')
        void Promise.reject(new RangeError('rejected on purpose'))
        const img = document.createElement('img')
        img.src = '/missing.png?token=secret'
        document.body.appendChild(img)
        await fetch('/api/status/503')
        await new Promise((r) => setTimeout(r, 200))
        w.throwLater('thrown again')
        await new Promise((r) => setTimeout(r, 50))
      })
      await flush(page)
      await c.waitFor(() => sent('/browser/errorLogs').length >= 5)
      const logs = sent('/browser/errorLogs')
      const request = c.requests.find((r) => r.method === 'POST' && r.path === '/browser/errorLogs')!
      expect(request.contentType).toBe('application/json')
      for (const log of logs) {
        expect(ERROR_LOG_FIELDS).toEqual(expect.arrayContaining(Object.keys(log)))
        expect(ERROR_CATEGORIES).toContain(log.category)
        expect(log).toMatchObject({ service, serviceVersion: '2.0.1', pagePath: 'pages/index/index' })
        expect(typeof log.uniqueId).toBe('string')
        expect(typeof log.message).toBe('string')
        expect(typeof log.stack).toBe('string')
        expect(typeof log.errorUrl).toBe('string')
        // time is set by OAP on arrival
        expect(log.time).toBeUndefined()
        for (const k of ['line', 'col']) if (k in log) expect(INT32(log[k])).toBe(true)
      }
      expect(new Set(logs.map((l) => l.uniqueId)).size).toBe(logs.length)
      const by = (s: string) => logs.find((l) => l.message.includes(s))!
      const thrown = by('thrown on purpose')
      expect(thrown).toMatchObject({ category: 'js', grade: 'Error', message: 'TypeError: thrown on purpose', errorUrl: site.url + '/pages/index/index', firstReportedError: true })
      expect(thrown.line).toBeGreaterThan(0)
      expect(thrown.col).toBeGreaterThan(0)
      expect(thrown.stack).toContain(`${site.url}/pages/index/index:${thrown.line}:${thrown.col}`)
      // only the first js error of the page view marks it as a page view with an error
      expect(by('thrown again')).toMatchObject({ category: 'js' })
      expect(by('thrown again').firstReportedError).toBeUndefined()
      expect(by('rejected on purpose')).toMatchObject({ category: 'promise', grade: 'Error', message: 'RangeError: rejected on purpose' })
      expect(by('missing.png')).toMatchObject({ category: 'resource', grade: 'Warning', errorUrl: site.url + '/missing.png', message: `Failed to load <img> ${site.url}/missing.png` })
      expect(by('503')).toMatchObject({ category: 'ajax', grade: 'Error', errorUrl: site.url + '/api/status/503', message: `GET ${site.url}/api/status/503 503` })
      // SkyWalking's protocol only: no OTLP request at all (request histograms have no place in it)
      expect([...c.logs, ...c.metrics].filter((r) => r.resource['service.name'] === service)).toEqual([])
    })

    it('sends one BrowserPerfData per page load to /browser/perfData and LCP to /browser/perfData/webVitals on hide', async () => {
      const page = await start()
      await page.waitForFunction(() => (performance.getEntriesByType('navigation')[0] as any)?.loadEventEnd > 0)
      await page.waitForTimeout(50)
      await flush(page)
      await c.waitFor(() => sent('/browser/perfData').length >= 1)
      const [perf] = sent('/browser/perfData')
      expect(sent('/browser/perfData')).toHaveLength(1)
      expect(PERF_DATA_FIELDS).toEqual(expect.arrayContaining(Object.keys(perf)))
      expect(perf).toMatchObject({ service, serviceVersion: '2.0.1', pagePath: 'pages/index/index' })
      expect(perf.time).toBeUndefined()
      const timings = Object.keys(perf).filter((k) => k.endsWith('Time'))
      for (const k of timings) expect(INT32(perf[k]) && perf[k] >= 0, k).toBe(true)
      // every field skywalking-client-js derives, except TLS (plain http here) and FMP (not measured)
      expect(timings.sort()).toEqual(
        'dnsTime domAnalysisTime domReadyTime firstPackTime fptTime loadPageTime redirectTime resTime tcpTime transTime ttfbTime ttlTime'.split(' '),
      )
      expect(perf.loadPageTime).toBeGreaterThan(0)
      expect(perf.loadPageTime).toBeGreaterThanOrEqual(perf.domReadyTime)
      // the same numbers the page's navigation timing gives, by client-js's formulas
      const nav = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as any).toJSON())
      expect(perf.loadPageTime).toBe(Math.round(nav.loadEventStart - nav.fetchStart))
      expect(perf.ttfbTime).toBe(Math.round(nav.responseStart - nav.requestStart))

      await hide(page)
      await c.waitFor(() => sent('/browser/perfData/webVitals').length >= 1)
      const [vitals] = sent('/browser/perfData/webVitals')
      expect(WEB_VITALS_FIELDS).toEqual(expect.arrayContaining(Object.keys(vitals)))
      expect(vitals).toMatchObject({ service, serviceVersion: '2.0.1', pagePath: 'pages/index/index' })
      expect(INT32(vitals.lcpTime) && vitals.lcpTime > 0).toBe(true)
    })

    it('without fetch keepalive (older browsers), a hidden page sends with navigator.sendBeacon', async () => {
      service = `h5-sw-${++n}`
      await open(tab, `${site.url}/pages/index/index`)
      const page = tab
      await page.evaluate(
        (o) => {
          delete (Request.prototype as any).keepalive
          ;(window as any).minimon.init(o)
          ;(window as any).minimon.getMonitor().captureError(new Error('sent by beacon'))
        },
        { service, serviceVersion: '2.0.1', collector: c.url, protocol: 'skywalking', flushInterval: 60_000 },
      )
      const beacons: string[] = []
      page.on('request', (r) => {
        if (r.resourceType() === 'ping' || r.resourceType() === 'beacon') beacons.push(r.url())
      })
      await hide(page)
      await c.waitFor(() => sent('/browser/errorLogs').some((l) => l.message === 'Error: sent by beacon'))
      expect(beacons).toContain(c.url + '/browser/errorLogs')
      expect(c.requests.filter((r) => r.method === 'POST' && r.path === '/browser/errorLogs').pop()!.contentType).toBe('application/json')
    })

    it('offline: errors wait in localStorage, survive a reload, and are delivered once back online', async () => {
      const page = await start()
      await context.setOffline(true)
      await page.evaluate(() => (window as any).minimon.getMonitor().captureError(new Error('lost connection')))
      await hide(page)
      await page.reload().catch(() => {}) // offline: the page itself cannot load
      expect(sent('/browser/errorLogs')).toEqual([])
      await context.setOffline(false)
      await open(page, `${site.url}/pages/index/index`)
      await page.evaluate((o) => (window as any).minimon.init(o), { service, serviceVersion: '2.0.1', collector: c.url, protocol: 'skywalking', flushInterval: 60_000 })
      await c.waitFor(() => sent('/browser/errorLogs').length >= 1)
      expect(sent('/browser/errorLogs').map((l) => [l.message, l.category])).toEqual([['Error: lost connection', 'js']])
    })

    it('sends segments to /v3/segments with the ajax component, sw8 to the page origin only', async () => {
      const page = await start({ enable: { tracing: true } })
      await page.evaluate(async (otherUrl) => {
        await fetch('/api/echo?sw=same')
        await fetch(otherUrl + '/api/echo?sw=cross')
      }, other.url)
      await flush(page)
      await c.waitFor(() => c.segments.filter((s) => s.service === service).length >= 2)
      const header = site.hits.find((h) => h.path.includes('sw=same'))!.headers.sw8
      expect(other.hits.filter((h) => h.path.includes('sw=cross')).map((h) => [h.method, h.headers.sw8])).toEqual([['GET', undefined]])
      const h8 = sw8(String(header))
      const segment = c.segments.find((s) => s.traceId === h8.traceId)!
      expect(segment).toMatchObject({ traceSegmentId: h8.segmentId, service, serviceInstance: '2.0.1' })
      expect(segment.spans![0]).toMatchObject({ componentId: 10001, spanType: 'Exit', spanLayer: 'Http', spanId: 0, parentSpanId: -1, operationName: 'pages/index/index' })
      expect(c.requests.find((r) => r.method === 'POST' && r.path === '/v3/segments')!.contentType).toBe('application/json')
    })
  })
}
