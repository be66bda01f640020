// The H5 build of the playground in real headless Chromium, reporting to the local collector through
// @minimon/core's web host. A screenshot of the errors page is kept at .artifacts/taro-h5.png.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startCollector, type Collector } from '@minimon/collector'
import { TEST_OUT, TEST_PLACEHOLDER as PLACEHOLDER, copyWithCollector, ensureBuilt } from '../scripts/build.mjs'
import { coreHostsIn } from '../../test-support/core-hosts'
import { serveStatic } from './static'
import { startApiServer, type ApiServer } from '../../test-support/api-server.mjs'

const root = resolve(__dirname, '../../..')
const CHROMIUM = '/usr/bin/chromium'
const SCREENSHOT = join(root, '.artifacts/taro-h5.png')
// The H5 host ships in @minimon/core's built entry; without it the monitor has no platform in a browser.
const core = join(root, 'core/dist/index.mjs')
const webHost = existsSync(core) && /name:\s*"web"/.test(readFileSync(core, 'utf8'))
const ready = webHost && existsSync(CHROMIUM)
const skipped = !webHost
  ? ' (skipped: @minimon/core is not built with its web host: node scripts/build.mjs @minimon/core)'
  : !existsSync(CHROMIUM)
    ? ` (skipped: no ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk)`
    : ''

let c: Collector
let browser: Browser
let page: Page
let h5Dir = ''
let server: { url: string; close: () => Promise<void> }
let api: ApiServer
const tmp = mkdtempSync(join(tmpdir(), 'minimon-taro-h5-'))

beforeAll(async () => {
  if (!ready) return
  const dirs = await ensureBuilt(['h5'], { collector: PLACEHOLDER, out: TEST_OUT })
  h5Dir = dirs.h5
  c = await startCollector()
  server = await serveStatic(copyWithCollector(dirs.h5, tmp, PLACEHOLDER, c.url))
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  // the app's own API server, named to the page as the demo runner names it to the mini programs (src/api.ts)
  api = await startApiServer({ latencyMs: [2, 10] })
  const context = await browser.newContext({ viewport: { width: 420, height: 860 } })
  await context.addInitScript((url) => ((globalThis as { __MINIMON_PLAYGROUND__?: object }).__MINIMON_PLAYGROUND__ = { api: url }), api.url)
  page = await context.newPage()
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await api?.close()
  await c?.close()
  rmSync(tmp, { recursive: true, force: true })
})

const body = () => page.locator('body').innerText()
const click = (label: string) => page.getByText(label, { exact: true }).first().click()

it.skipIf(!ready)('carries only the web host of core' + skipped, () => {
  expect(coreHostsIn(h5Dir)).toEqual(['web'])
})

it.skipIf(!ready)('runs in Chromium and reports every signal with Taro page paths' + skipped, async () => {
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  // The app's home URL. (Opened at "/", core's web host would tag its performance entries with the path
  // it read when the monitor started, "index", before Taro's router moved to #/pages/index/index.)
  await page.goto(server.url + '/#/pages/index/index')
  await page.getByText('Platform web', { exact: false }).waitFor()

  await click('Requests')
  await page.getByText('GET 200: -').waitFor()
  expect(page.url()).toContain('#/pages/requests/index')
  for (const label of ['GET 200', 'GET 404', 'Unreachable port']) await click(label)
  await page.getByText('Unreachable port: failed', { exact: false }).waitFor()
  expect(await body()).toContain('GET 200: 200')
  expect(await body()).toContain('GET 404: 404')
  await page.goBack()
  await page.getByText('Errors', { exact: true }).waitFor()

  await click('Errors')
  await click('Render error')
  await page.getByText('Caught: Render error from <Bomb>', { exact: false }).waitFor()
  await click('Throw in handler')
  await click('Reject a promise')
  mkdirSync(join(root, '.artifacts'), { recursive: true })
  await page.screenshot({ path: SCREENSHOT })
  await click('Open a missing page')

  const errors = () => c.logs.filter((l) => l.attributes['exception.type'])
  await c.waitFor(() => errors().length >= 6, 15_000)
  await c.waitFor((c) => ['app_launch', 'first_render', 'page_stay', 'request'].every((n) => c.metrics.some((m) => m.name === `miniprogram.${n}.duration`)), 15_000)
  await page.waitForTimeout(300)

  const got = errors().map((l) => [l.attributes['exception.type'], l.attributes['miniprogram.page.path'], l.body])
  expect(got).toHaveLength(6)
  expect(got).toEqual(
    expect.arrayContaining([
      ['ajax', 'pages/requests/index', `GET ${api.url}/no-such-path 404`],
      ['ajax', 'pages/requests/index', expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:65534\/unreachable/)],
      ['js', 'pages/errors/index', 'Error: Error thrown in a tap handler'],
      ['js', 'pages/errors/index', 'Error: Render error from <Bomb>'],
      // Taro's H5 router: no browser event exists for this, the adapter reports it.
      ['pageNotFound', 'pages/errors/index', 'page not found: /pages/missing/index'],
      ['promise', 'pages/errors/index', 'Error: Rejected promise nobody handled'],
    ]),
  )
  const render = errors().find((l) => l.attributes['exception.source'] === 'react')!
  expect(render.attributes['exception.stacktrace']).toContain('React component stack:')

  // Page paths without H5's ?stamp= and without a leading slash.
  const PAGES = ['pages/index/index', 'pages/requests/index', 'pages/errors/index']
  for (const m of c.metrics) expect(PAGES).toContain(m.attributes['miniprogram.page.path'])
  const pagesOf = (name: string) => [...new Set(c.metrics.filter((m) => m.name === name).map((m) => m.attributes['miniprogram.page.path']))].sort()
  expect(pagesOf('miniprogram.app_launch.duration')).toEqual(['pages/index/index'])
  expect(pagesOf('miniprogram.page_stay.duration')).toEqual(expect.arrayContaining(['pages/index/index', 'pages/requests/index']))
  expect(pagesOf('miniprogram.request.duration')).toEqual(['pages/requests/index'])
  expect(c.logs[0].resource['miniprogram.platform']).toBe('web')
  expect(c.logs[0].resource['service.name']).toBe('minimon-taro-playground')
  // The adapter's own code never threw in the page; the two uncaught ones are the demo's.
  expect(pageErrors.filter((m) => !/tap handler|Rejected promise/.test(m))).toEqual([])
  expect(existsSync(SCREENSHOT)).toBe(true)
})
