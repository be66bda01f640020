// The uni-app demo's H5 build (`uni build -p h5`) in real headless Chromium, reporting to the local collector
// through core's web host: the same journey as on the mini programs, page paths from uni's router, Vue errors
// with their component, requests measured once. Keeps a screenshot at <repo>/.artifacts/uni-h5.png.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCollector, type Collector } from '@minimon/collector'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve } from '../scripts/serve.mjs'
import { buildTarget, outDir, ROOT } from '../scripts/targets.mjs'
import { coreHostsIn } from '../../test-support/core-hosts'
import { startApiServer, type ApiServer } from '../../test-support/api-server.mjs'

/** Debian's Chromium (never a downloaded browser build); CHROMIUM_PATH as scripts/bootstrap.mjs reads it. */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const TEST_PORT = 43188
const ARTIFACT = join(ROOT, '../../.artifacts/uni-h5.png')
const PAGES = ['pages/index/index', 'pages/requests/requests', 'pages/errors/errors']

// Without a browser (bootstrap could not install one) the test is skipped, as the other browser tests are.
describe.skipIf(!existsSync(CHROMIUM))('uni-app demo, H5 build in headless Chromium', () => {
  let collector: Collector
  let api: ApiServer
  let site: Server
  let siteUrl = ''
  let context: BrowserContext
  let page: Page
  let profile: string
  const pageErrors: string[] = []

  beforeAll(async () => {
    collector = await startCollector({ port: TEST_PORT }).catch(() => startCollector({ port: 0 }))
    const ms = await buildTarget('h5', { collector: collector.url, kind: 'test' })
    if (ms) console.log(`built h5 for ${collector.url} in ${ms} ms`)
    ;({ server: site, url: siteUrl } = await serve(outDir('h5', 'test')))
    profile = mkdtempSync(join(tmpdir(), 'minimon-uni-h5-'))
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 420, height: 760 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    // the app's own API server, named to the page as the demo runner names it to the mini programs (src/api.ts)
    api = await startApiServer({ latencyMs: [2, 10] })
    await context.addInitScript((url) => ((globalThis as { __MINIMON_PLAYGROUND__?: object }).__MINIMON_PLAYGROUND__ = { api: url }), api.url)
    page = context.pages()[0] ?? (await context.newPage())
    page.on('pageerror', (e) => pageErrors.push(String(e)))
  }, 240_000)

  afterAll(async () => {
    await context?.close()
    if (profile) rmSync(profile, { recursive: true, force: true })
    await new Promise<void>((r) => (site ? site.close(() => r()) : r()))
    await api?.close()
    await collector?.close()
  })

  it('carries only the web host of core', () => {
    expect(coreHostsIn(outDir('h5', 'test'))).toEqual(['web'])
  })

  it('runs the journey and reports errors, requests and page timings with uni page paths', async () => {
    await page.goto(siteUrl)
    await page.locator('#open-requests').waitFor()
    expect(await page.locator('text=Monitor on (web)').count()).toBe(1)

    // Home → Requests: the load on onLoad, then a 404 from the app's API server, an unreachable port, a download.
    await page.click('#open-requests')
    await page.locator('#req-404').waitFor()
    await page.click('#req-404')
    await page.click('#req-down')
    await page.click('#req-download')
    await page.locator('.result').nth(3).waitFor()
    mkdirSync(join(ARTIFACT, '..'), { recursive: true })
    await page.screenshot({ path: ARTIFACT })
    await page.goBack()
    await page.locator('#open-errors').waitFor()

    // Home → Errors: a render error, a throwing handler, a rejected promise, a link to a missing page.
    await page.click('#open-errors')
    await page.locator('#err-render').waitFor()
    await page.click('#err-render')
    await page.click('#err-handler')
    await page.click('#err-promise')
    await page.click('#err-missing')

    // The page goes to the background: the monitor sends what it holds.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
      document.dispatchEvent(new Event('visibilitychange'))
    })
    const c = collector
    const type = (t: string) => c.logs.filter((l) => l.attributes['exception.type'] === t)
    await c.waitFor(
      () =>
        c.logs.length >= 6 &&
        type('ajax').length >= 2 &&
        c.metrics.filter((m) => m.name === 'miniprogram.request.duration').reduce((n, m) => n + Number(m.count), 0) >= 4 &&
        c.metrics.some((m) => m.name === 'miniprogram.first_render.duration'),
      15_000,
    )

    expect(c.logs.every((l) => l.resource['miniprogram.platform'] === 'web' && l.resource['service.name'] === 'minimon-uni-demo')).toBe(true)
    const vue = c.logs.filter((l) => l.attributes['exception.source'] === 'vue')
    expect(vue.map((l) => [l.attributes['vue.component'], l.attributes['vue.hook'], l.attributes['miniprogram.page.path']])).toEqual([
      ['ErrorsPage', 'render function', 'pages/errors/errors'],
      ['ErrorsPage', 'native event handler', 'pages/errors/errors'],
    ])
    expect(type('js')).toHaveLength(2)
    expect(type('promise').map((l) => [l.body, l.attributes['miniprogram.page.path']])).toEqual([['Error: payment service timed out', 'pages/errors/errors']])
    expect(type('pageNotFound').map((l) => [l.body, l.attributes['miniprogram.page.path']])).toEqual([
      ['page not found: pages/missing/missing', 'pages/errors/errors'],
    ])
    expect(type('ajax').map((l) => [l.attributes['http.response.status_code'] ?? 0, l.attributes['miniprogram.page.path']]).sort()).toEqual([
      [0, 'pages/requests/requests'],
      [404, 'pages/requests/requests'],
    ])
    // Four calls (uni.request ×3 over XHR, uni.downloadFile ×1): four observations, none counted twice.
    await new Promise((r) => setTimeout(r, 2500)) // one more flush interval: nothing else may arrive
    const requests = c.metrics.filter((m) => m.name === 'miniprogram.request.duration')
    expect(requests.reduce((n, m) => n + Number(m.count), 0)).toBe(4)
    // Every signal carries a uni page path, except what core's web host derives from the browser's own timing
    // of the document load (launch, paints): it names those after location.pathname ('/' → 'index').
    const DOCUMENT_TIMINGS = ['miniprogram.app_launch.duration', 'miniprogram.first_contentful_paint.duration', 'miniprogram.largest_contentful_paint.duration']
    const strays = [...c.metrics, ...c.logs].filter((s) => !PAGES.includes(String(s.attributes['miniprogram.page.path'])))
    expect(strays.every((s) => 'name' in s && DOCUMENT_TIMINGS.includes(s.name))).toBe(true)
    // Time on page: home until covered, requests until closed, home again, errors until the page was hidden.
    expect(c.metrics.filter((m) => m.name === 'miniprogram.page_stay.duration').map((m) => m.attributes['miniprogram.page.path'])).toEqual([
      'pages/index/index',
      'pages/requests/requests',
      'pages/index/index',
      'pages/errors/errors',
    ])
    expect(c.batches.flatMap((b) => b.check.issues.filter((i) => i.severity === 'error'))).toEqual([])
    expect(existsSync(ARTIFACT)).toBe(true)
  }, 90_000)

  // The browser's paint timings exist only for the document load; first render comes from the page lifecycle
  // the adapter reports, for every page the single-page app opens.
  it('measures first render per uni page on H5, named after the page', () => {
    const firstRender = collector.metrics.filter((m) => m.name === 'miniprogram.first_render.duration').map((m) => m.attributes['miniprogram.page.path'])
    expect(new Set(firstRender)).toEqual(new Set(PAGES))
  })
})
