import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { estimatePercentile, startCollector, type Collector } from '../src/index'
import {
  encodeLogs, encodeMetrics, errorLog, gauge, histogram, JSON_CT, logsRequest, metricsRequest, post, resource, segment,
} from './fixtures'

const here = dirname(fileURLToPath(import.meta.url))
const ARTIFACTS = resolve(here, '../../../.artifacts')
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

describe('percentile estimate', () => {
  it('interpolates inside the bucket holding the rank', () => {
    // 10 values: 2 in (-inf,50], 5 in (50,100], 2 in (100,200], 1 in (200,500]
    const b = [
      { lower: -Infinity, upper: 50, count: 2 },
      { lower: 50, upper: 100, count: 5 },
      { lower: 100, upper: 200, count: 2 },
      { lower: 200, upper: 500, count: 1 },
    ]
    expect(estimatePercentile(b, 0.5, 12, 640)).toBeCloseTo(80) // rank 5 → 3rd of 5 in (50,100]
    expect(estimatePercentile(b, 0.9, 12, 640)).toBeCloseTo(200)
    expect(estimatePercentile(b, 0.99, 12, 400)).toBeCloseTo(200 + 0.9 * 200)
    expect(estimatePercentile([{ lower: 3000, upper: Infinity, count: 4 }], 0.5, undefined, 5000)).toBeCloseTo(4000)
    expect(estimatePercentile([], 0.5)).toBeNull()
  })
})

describe('state API and SSE', () => {
  let c: Collector
  beforeAll(async () => {
    c = await startCollector()
  })
  afterAll(async () => {
    await c.close()
  })

  it('GET /api/state aggregates errors, perf, latency, traces and the contract', async () => {
    await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog()])))
    await post(c.url, '/v1/metrics', encodeMetrics(metricsRequest([gauge('miniprogram.app_launch.duration', 800), histogram()])))
    await post(c.url, '/v3/segments', JSON.stringify([segment()]), JSON_CT)
    const s = await (await fetch(c.url + '/api/state')).json()
    expect(s.counts).toMatchObject({ logs: 1, errors: 1, metricPoints: 2, segments: 1 })
    expect(s.errors[0]).toMatchObject({ type: 'js', page: 'pages/cart/cart', platform: 'wechat' })
    expect(s.perf[0]).toMatchObject({ page: 'pages/index/index', platform: 'wechat', metrics: { launch: { avg: 800, count: 1 } } })
    expect(s.latency[0]).toMatchObject({ group: 'GET api.example.com/items/:id', count: 10, errors: 0, p50: 80 })
    expect(s.traces[0]).toMatchObject({ peer: 'api.example.com', status: '200', durationMs: 180, platform: 'wechat' })
    expect(s.contract.fed.map((f: { metric: string }) => f.metric)).toContain('meter_wechat_mp_request_duration_percentile')
  })

  it('counts a batch with only info notes as clean, one with a warning as not', async () => {
    c.reset()
    // server.port on a request histogram is not in the contract: an info note
    const withPort = histogram(undefined, { 'miniprogram.page.path': 'pages/index/index', 'http.request.method': 'GET', 'http.response.status_code': 200, 'server.address': 'api.example.com', 'server.port': 8443, 'url.path.group': '/items/:id' })
    await post(c.url, '/v1/metrics', encodeMetrics(metricsRequest([withPort])))
    // a network failure: an ajax error with no status, noted (info) and clean
    await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog({ 'exception.type': 'ajax', 'http.request.method': 'GET', 'server.address': 'api.example.com' })])))
    // an error log without its page path: a warning
    await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog({}, ['miniprogram.page.path'])])))
    const s = await (await fetch(c.url + '/api/state')).json()
    const severities = Object.fromEntries(s.contract.issues.map((i: { code: string; severity: string }) => [i.code, i.severity]))
    expect(severities).toMatchObject({ 'histogram-extra-attribute': 'info', 'ajax-no-status': 'info', 'missing-page-path': 'warn' })
    expect(s.contract).toMatchObject({ batches: 3, okBatches: 2 })
  })

  it('GET /events streams the state as SSE and pushes updates', async () => {
    const ctrl = new AbortController()
    const res = await fetch(c.url + '/events', { signal: ctrl.signal })
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
    const reader = res.body!.getReader()
    const dec = new TextDecoder()
    let buf = ''
    const nextState = async () => {
      for (;;) {
        const i = buf.indexOf('\n\n')
        if (i >= 0) {
          const ev = buf.slice(0, i)
          buf = buf.slice(i + 2)
          const data = ev.split('\n').find((l) => l.startsWith('data: '))
          if (ev.includes('event: state') && data) return JSON.parse(data.slice(6))
          continue
        }
        const { value, done } = await reader.read()
        if (done) throw new Error('stream ended')
        buf += dec.decode(value, { stream: true })
      }
    }
    const first = await nextState()
    const before = first.counts.logs
    await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog({ 'exception.type': 'promise', 'exception.message': 'unhandled rejection' })])))
    let s = await nextState()
    while (s.counts.logs === before) s = await nextState()
    expect(s.errors.some((e: { type: string }) => e.type === 'promise')).toBe(true)
    ctrl.abort()
  })

  it('serves one self-contained HTML page', async () => {
    const res = await fetch(c.url + '/')
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    const html = await res.text()
    expect(html).toMatch(/<!doctype html>/i)
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!127)/i)
  })
})

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('viewer in headless Chromium', () => {
  let c: Collector
  let userDataDir = ''
  let context: import('playwright-core').BrowserContext | undefined
  beforeAll(async () => {
    c = await startCollector()
    userDataDir = mkdtempSync(join(tmpdir(), 'minimon-viewer-'))
  })
  afterAll(async () => {
    await context?.close()
    await c.close()
    rmSync(userDataDir, { recursive: true, force: true })
  })

  it('shows a decoded error and request percentiles, live, and saves a screenshot', async () => {
    const { chromium } = await import('playwright-core')
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1440, height: 1000 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    const page = context.pages()[0] ?? (await context.newPage())
    const pageErrors: string[] = []
    page.on('pageerror', (e) => pageErrors.push(e.message))
    await page.goto(c.url + '/')
    await page.waitForSelector('#live.live', { timeout: 20_000 })

    // data arrives after the page is open: it must appear through SSE
    const wechat = resource()
    const alipay = resource({ 'miniprogram.platform': 'alipay', 'service.name': 'demo-mp-alipay' })
    await post(c.url, '/v1/logs', encodeLogs(logsRequest([
      errorLog(),
      errorLog({
        'exception.type': 'ajax', 'exception.message': 'request:fail timeout', 'miniprogram.page.path': 'pages/order/list',
        'http.request.method': 'POST', 'http.response.status_code': 0, 'server.address': 'api.example.com',
        'exception.stacktrace': 'Error: request:fail timeout\n    at request (core/hosts/wechat.js:88:11)',
      }),
    ], wechat)))
    await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog({ 'exception.type': 'promise', 'exception.message': '未处理的 Promise 拒绝: 网络错误', 'miniprogram.page.path': 'pages/pay/pay' })], alipay)))
    await post(c.url, '/v1/metrics', encodeMetrics(metricsRequest([
      gauge('miniprogram.app_launch.duration', 812),
      gauge('miniprogram.first_render.duration', 143),
      gauge('miniprogram.route.duration', 38),
      gauge('miniprogram.script.duration', 96),
      gauge('miniprogram.package_load.duration', 420),
      gauge('miniprogram.first_render.duration', 233, { 'miniprogram.page.path': 'pages/cart/cart' }),
      histogram(),
      histogram([0, 1, 3, 4, 2, 1, 0], { 'miniprogram.page.path': 'pages/order/list', 'http.request.method': 'POST', 'http.response.status_code': 200, 'server.address': 'api.example.com', 'url.path.group': '/orders' }),
      histogram([0, 0, 0, 0, 1, 1, 1], { 'miniprogram.page.path': 'pages/order/list', 'http.request.method': 'POST', 'http.response.status_code': 503, 'server.address': 'api.example.com', 'url.path.group': '/orders' }),
    ], wechat)))
    await post(c.url, '/v1/metrics', encodeMetrics(metricsRequest([gauge('miniprogram.app_launch.duration', 1650, { 'miniprogram.page.path': 'pages/pay/pay' }), histogram(undefined, undefined, { temporality: 2 })], alipay)))
    await post(c.url, '/v3/segments', JSON.stringify([
      segment(),
      segment({ traceId: 'f00dfeed.44.17600000000000009' }, { isError: true, endTime: 1760000002400, componentId: 10003 }, [
        { key: 'http.method', value: 'POST' }, { key: 'url', value: 'https://api.example.com/orders' },
        { key: 'http.status_code', value: '503' }, { key: 'miniprogram.platform', value: 'alipay' },
      ]),
    ]), JSON_CT)

    const errors = page.locator('[data-section="errors"]')
    await expect.poll(() => errors.innerText(), { timeout: 20_000 }).toContain("Cannot read properties of undefined (reading 'id')")
    await expect.poll(() => errors.innerText(), { timeout: 20_000 }).toContain('未处理的 Promise 拒绝')
    // the stack is expandable
    await errors.locator('tr[data-error-type="ajax"] summary').click()
    await expect.poll(() => errors.locator('tr[data-error-type="ajax"] pre.stack').isVisible(), { timeout: 20_000 }).toBe(true)
    expect(await errors.locator('tr[data-error-type="ajax"] pre.stack').innerText()).toContain('core/hosts/wechat.js:88:11')
    // a live update re-renders the table; the opened stack stays open
    await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog({ 'exception.type': 'pageNotFound', 'exception.message': 'page pages/gone/gone not found' })], wechat)))
    await expect.poll(() => errors.innerText(), { timeout: 20_000 }).toContain('pages/gone/gone not found')
    expect(await errors.locator('tr[data-error-type="ajax"] pre.stack').isVisible()).toBe(true)

    // request percentiles per URL group, from the buckets
    const row = page.locator('[data-section="latency"] tr[data-group="GET api.example.com/items/:id"]').first()
    await expect.poll(() => row.locator('td[data-p="50"]').innerText(), { timeout: 20_000 }).toBe('80 ms')
    expect(await row.locator('td[data-p="90"]').innerText()).toBe('200 ms')
    const orders = page.locator('[data-section="latency"] tr[data-group="POST api.example.com/orders"]').first()
    expect(await orders.innerText()).toContain('21.4%') // 3 of 14 requests answered 503

    // perf, traces and the contract panel
    await expect.poll(() => page.locator('[data-section="perf"]').innerText(), { timeout: 20_000 }).toContain('812 ms')
    await expect.poll(() => page.locator('[data-section="traces"]').innerText(), { timeout: 20_000 }).toContain('f00dfeed.44.17600000000000009')
    const contract = page.locator('[data-section="contract"]')
    await expect.poll(() => contract.innerText(), { timeout: 20_000 }).toContain('meter_wechat_mp_request_duration_percentile')
    expect(await contract.innerText()).toContain('histogram-not-delta')

    // another platform: named once as an OTLP-only platform, not listed among the problems
    const bytedance = resource({ 'miniprogram.platform': 'bytedance', 'service.name': 'demo-mp-tt' })
    for (let i = 0; i < 3; i++) {
      await post(c.url, '/v1/metrics', encodeMetrics(metricsRequest([gauge('miniprogram.app_launch.duration', 905)], bytedance)))
    }
    await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog({ 'exception.type': 'payment', 'exception.message': '支付失败' })], bytedance)))
    const others = contract.locator('[data-other-platforms]')
    await expect.poll(() => others.innerText(), { timeout: 20_000 }).toContain('bytedance')
    expect(await others.innerText()).toContain('OTLP backends only')
    const note = contract.locator('.issue[data-code="other-platform"][data-platform="bytedance"]')
    expect(await note.count()).toBe(1)
    expect(await note.innerText()).toContain('×1')
    expect(await note.locator('.badge').innerText()).toBe('info')
    await expect.poll(() => errors.innerText(), { timeout: 20_000 }).toContain('支付失败')
    expect(await errors.locator('tr[data-error-type="payment"]').innerText()).toContain('bytedance')

    mkdirSync(ARTIFACTS, { recursive: true })
    const shot = join(ARTIFACTS, 'collector-viewer.png')
    await page.screenshot({ path: shot, fullPage: true })
    expect(statSync(shot).size).toBeGreaterThan(10_000)
    expect(pageErrors).toEqual([])
  }, 90_000)
})

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('session view in headless Chromium', () => {
  const crumbs = JSON.stringify([
    [-5230, 'app', 'show'],
    [-5100, 'nav', 'Load  > pages/index/index'],
    [-3120, 'tap', 'onBuy #buy [sku]'],
    [-2950, 'request', 'POST /v1/orders 503 212ms'],
    [-900, 'nav', 'Load pages/index/index > pages/pay/pay'],
    [-40, 'tap', 'onPay #pay'],
  ])
  const SID = ['a1b2c3d4e5f60718293a4b5c6d7e8f90', 'b2c3d4e5f60718293a4b5c6d7e8f9001', 'c3d4e5f60718293a4b5c6d7e8f900112']
  const NOT_ERROR = ['exception.type', 'exception.message', 'exception.stacktrace', 'miniprogram.page.path']
  const event = (name: string, sid: string, extra: Record<string, unknown> = {}) =>
    errorLog({ 'event.name': name, 'session.id': sid, ...extra }, NOT_ERROR, { severityNumber: 9, severityText: 'INFO', body: { stringValue: name } })

  async function open(c: Collector, dir: string) {
    const { chromium } = await import('playwright-core')
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1440, height: 1100 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    const page = context.pages()[0] ?? (await context.newPage())
    await page.goto(c.url + '/')
    await page.waitForSelector('#live.live', { timeout: 20_000 })
    return { context, page }
  }

  it('groups errors by session, draws their breadcrumbs as a timeline under the stack, and shows crash-free sessions per release', async () => {
    const c = await startCollector()
    const dir = mkdtempSync(join(tmpdir(), 'minimon-viewer-'))
    const { context, page } = await open(c, dir)
    try {
      const v142 = resource()
      const v143 = resource({ 'service.version': '1.4.3', 'service.instance.id': '1.4.3' })
      await post(c.url, '/v1/logs', encodeLogs(logsRequest([
        event('session.start', SID[0]),
        errorLog({ 'exception.type': 'ajax', 'exception.message': 'POST https://api.example.com/v1/orders 503', 'session.id': SID[0], 'enduser.id': 'u-42', 'minimon.breadcrumbs': crumbs }),
        event('session.end', SID[0], { 'minimon.session.end_reason': 'timeout', 'minimon.session.errors': 1, 'minimon.session.duration': 5300 }),
        event('session.start', SID[1]),
        event('session.end', SID[1], { 'minimon.session.end_reason': 'killed', 'minimon.session.errors': 0, 'minimon.session.duration': 800 }),
      ], v142)))
      await post(c.url, '/v1/logs', encodeLogs(logsRequest([
        event('session.start', SID[2]),
        event('session.end', SID[2], { 'minimon.session.end_reason': 'shutdown', 'minimon.session.errors': 0, 'minimon.session.duration': 1200 }),
      ], v143)))

      const sessions = page.locator('[data-section="sessions"]')
      await expect.poll(() => sessions.locator('tr[data-release="1.4.2"]').innerText(), { timeout: 20_000 }).toContain('50%')
      expect(await sessions.locator('tr[data-release="1.4.3"]').innerText()).toContain('100%')
      const row = sessions.locator(`tr[data-session="${SID[0]}"]`)
      expect(await row.innerText()).toContain('u-42')
      expect(await row.innerText()).toContain('timeout')
      // session events are no errors
      const errors = page.locator('[data-section="errors"]')
      expect(await errors.locator('tr').count()).toBe(2)
      await errors.locator('tr[data-error-type="ajax"] summary').click()
      const timeline = errors.locator('tr[data-error-type="ajax"] ol.crumbs')
      await expect.poll(() => timeline.isVisible(), { timeout: 20_000 }).toBe(true)
      const text = await timeline.innerText()
      for (const t of ['-3.1 s', 'onBuy #buy [sku]', 'POST /v1/orders 503 212ms', 'onPay #pay', 'this error']) expect(text).toContain(t)
      expect(await timeline.locator('li').count()).toBe(7)

      mkdirSync(ARTIFACTS, { recursive: true })
      const shot = join(ARTIFACTS, 'collector-sessions.png')
      await page.screenshot({ path: shot, fullPage: true })
      expect(statSync(shot).size).toBeGreaterThan(10_000)
    } finally {
      await context.close()
      await c.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('under the default (session.id on error logs only) says why there is no crash-free rate', async () => {
    const c = await startCollector()
    const dir = mkdtempSync(join(tmpdir(), 'minimon-viewer-'))
    const { context, page } = await open(c, dir)
    try {
      await post(c.url, '/v1/logs', encodeLogs(logsRequest([
        errorLog({ 'session.id': SID[0] }),
        errorLog({ 'session.id': SID[0], 'exception.message': 'second' }),
        errorLog({ 'session.id': SID[1] }),
      ])))
      const sessions = page.locator('[data-section="sessions"]')
      await expect.poll(() => sessions.innerText(), { timeout: 20_000 }).toContain('sessions without errors are never sent')
      expect(await sessions.locator('table.releases').count()).toBe(0)
      expect(await sessions.locator(`tr[data-session="${SID[0]}"]`).innerText()).toMatch(/\b2\b/)
      // one error row per session: the same error in two sessions is two rows
      expect(await page.locator('[data-section="errors"] tr[data-error-type="js"]').count()).toBe(3)
    } finally {
      await context.close()
      await c.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
