// The collector with --sourcemaps: error stacks from a merged WeChat bundle arrive over real HTTP and are kept,
// shown and forwarded resolved to the original source lines.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCollector, type Collector } from '../src/index'
import { parseArgs } from '../src/args'
import { encodeLogs, errorLog, gzip, JSON_CT, LogsRequest, logsRequest, post, PROTO, resource } from './fixtures'
import { frameworkBuild, lineOf, run, wechatMerge, writeMaps } from './wechat-bundle.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const ARTIFACTS = resolve(here, '../../../.artifacts')
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

const files = frameworkBuild()
const merged = wechatMerge(files)
const stack = run(merged)
const THROW = `src/pages/errors/index.ts:${lineOf('src/pages/errors/index.ts', 'throw new Error')}`
const root = mkdtempSync(join(tmpdir(), 'minimon-maps-'))
writeMaps(join(root, 'b-20260101-abc'), files, merged)
afterAll(() => rmSync(root, { recursive: true, force: true }))

const bundleError = (over: Record<string, unknown> = {}) =>
  errorLog({ 'exception.message': 'total too large: 18', 'exception.stacktrace': stack, 'miniprogram.page.path': 'pages/errors/index', ...over })

describe('minimon-collector --sourcemaps', () => {
  let c: Collector
  beforeAll(async () => {
    c = await startCollector({ sourcemaps: root })
  })
  afterAll(() => c.close())

  it('is a CLI flag, and a folder that does not exist stops the start', async () => {
    expect(parseArgs(['--sourcemaps', '/x/maps'])).toMatchObject({ sourcemaps: '/x/maps' })
    await expect(startCollector({ sourcemaps: join(root, 'missing') })).rejects.toThrow(/--sourcemaps .*missing is not a folder/)
  })

  it('resolves the stack of an error log by its build id, keeps the raw stack, and serves the frames to the viewer', async () => {
    c.reset()
    const res = resource({ 'minimon.build.id': 'b-20260101-abc' })
    expect((await post(c.url, '/v1/logs', gzip(encodeLogs(logsRequest([bundleError()], res))), { ...PROTO, 'content-encoding': 'gzip' })).status).toBe(200)
    const l = c.logs[0]
    expect(l.attributes['exception.stacktrace.raw']).toBe(stack)
    const lines = String(l.attributes['exception.stacktrace']).split('\n')
    expect(lines[0]).toBe('Error: total too large: 18')
    expect(lines[1]).toBe(`    at computeTotal (${THROW}:11)`)
    const state = await (await fetch(c.url + '/api/state')).json()
    const row = state.errors[0]
    expect(row.rawStack).toBe(stack)
    expect(row.frames[0]).toMatchObject({ source: 'src/pages/errors/index.ts', line: Number(THROW.split(':')[1]), fn: 'computeTotal' })
    expect(row.frames[0].context.lines.join('\n')).toContain("throw new Error('total too large: ' + total)")
  })

  it('finds the maps by release (service.version) too, over OTLP/JSON; unknown releases stay raw', async () => {
    c.reset()
    writeMaps(join(root, '2.0.1'), files, merged)
    const json = (v: string) => JSON.stringify(logsRequest([bundleError()], resource({ 'service.version': v })))
    await post(c.url, '/v1/logs', json('2.0.1'), JSON_CT)
    await post(c.url, '/v1/logs', json('9.9.9'), JSON_CT)
    expect(String(c.logs[0].attributes['exception.stacktrace'])).toContain(THROW)
    expect(c.logs[1].attributes['exception.stacktrace']).toBe(stack)
    expect(c.logs[1].attributes['exception.stacktrace.raw']).toBeUndefined()
  })
})

describe('--sourcemaps with --forward', () => {
  let target: http.Server
  const seen: { headers: http.IncomingHttpHeaders; body: Buffer }[] = []
  let c: Collector
  beforeAll(async () => {
    target = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (d: Buffer) => chunks.push(d))
      req.on('end', () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks) })
        res.end()
      })
    })
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()))
    c = await startCollector({ sourcemaps: root, forward: `http://127.0.0.1:${(target.address() as AddressInfo).port}` })
  })
  afterAll(async () => {
    await c.close()
    await new Promise<void>((r) => target.close(() => r()))
  })

  it('forwards the resolved stack and the raw one in exception.stacktrace.raw (protobuf, gzip in → plain out)', async () => {
    const res = resource({ 'minimon.build.id': 'b-20260101-abc' })
    const other = errorLog({ 'exception.stacktrace': 'Error: x\n    at f (https://usr/unknown.js:1:1)' })
    await post(c.url, '/v1/logs', gzip(encodeLogs(logsRequest([bundleError(), other], res))), { ...PROTO, 'content-encoding': 'gzip' })
    const got = seen.at(-1)!
    expect(got.headers['content-encoding']).toBeUndefined()
    const req: any = LogsRequest.toObject(LogsRequest.decode(got.body))
    const [a, b] = req.resourceLogs[0].scopeLogs[0].logRecords.map((r: any) =>
      Object.fromEntries(r.attributes.map((kv: any) => [kv.key, kv.value.stringValue])))
    expect(a['exception.stacktrace']).toContain(`at computeTotal (${THROW}:11)`)
    expect(a['exception.stacktrace.raw']).toBe(stack)
    expect(a['exception.type']).toBe('js')
    // an error nothing resolves is passed on as it came
    expect(b['exception.stacktrace']).toBe('Error: x\n    at f (https://usr/unknown.js:1:1)')
    expect(b['exception.stacktrace.raw']).toBeUndefined()
  })

  it('forwards OTLP/JSON as OTLP/JSON, and requests without resolvable stacks byte for byte', async () => {
    const body = JSON.stringify(logsRequest([bundleError()], resource({ 'minimon.build.id': 'b-20260101-abc' })))
    await post(c.url, '/v1/logs', body, JSON_CT)
    const sent = JSON.parse(seen.at(-1)!.body.toString('utf8'))
    const attrs = sent.resourceLogs[0].scopeLogs[0].logRecords[0].attributes
    expect(attrs.find((x: any) => x.key === 'exception.stacktrace').value.stringValue).toContain(THROW)
    expect(attrs.find((x: any) => x.key === 'exception.stacktrace.raw').value.stringValue).toBe(stack)
    const plain = gzip(encodeLogs(logsRequest([errorLog()])))
    await post(c.url, '/v1/logs', plain, { ...PROTO, 'content-encoding': 'gzip' })
    expect(Buffer.compare(seen.at(-1)!.body, plain)).toBe(0)
    expect(seen.at(-1)!.headers['content-encoding']).toBe('gzip')
  })
})

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('source-mapped stacks in the viewer (headless Chromium)', () => {
  let c: Collector
  let userDataDir = ''
  let context: import('playwright-core').BrowserContext | undefined
  beforeAll(async () => {
    c = await startCollector({ sourcemaps: root })
    userDataDir = mkdtempSync(join(tmpdir(), 'minimon-viewer-'))
  })
  afterAll(async () => {
    await context?.close()
    await c.close()
    rmSync(userDataDir, { recursive: true, force: true })
  })

  it('shows original frames with source context, and the raw stack on request', async () => {
    const { chromium } = await import('playwright-core')
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    const page = context.pages()[0] ?? (await context.newPage())
    const pageErrors: string[] = []
    page.on('pageerror', (e) => pageErrors.push(e.message))
    await page.goto(c.url + '/')
    await page.waitForSelector('#live.live', { timeout: 20_000 })
    await post(c.url, '/v1/logs', encodeLogs(logsRequest([bundleError()], resource({ 'minimon.build.id': 'b-20260101-abc' }))))
    await page.click('#errors-body summary')
    const first = page.locator('#errors-body .frame.resolved').first()
    await first.waitFor({ timeout: 10_000 })
    expect(await first.locator('.loc').textContent()).toBe(`${THROW}:11`)
    expect(await first.locator('.fn').textContent()).toBe('computeTotal')
    expect(await first.locator('.ln.hit').textContent()).toContain("throw new Error('total too large: ' + total)")
    expect(await page.locator('#errors-body pre.raw-stack').isHidden()).toBe(true)
    mkdirSync(ARTIFACTS, { recursive: true })
    await page.screenshot({ path: join(ARTIFACTS, 'collector-viewer-sourcemaps.png'), fullPage: true })
    await page.click('#errors-body button.toggle-raw')
    expect(await page.locator('#errors-body pre.raw-stack').isVisible()).toBe(true)
    expect(await page.locator('#errors-body pre.raw-stack').textContent()).toContain('https://usr/app-service.js:4:')
    expect(await page.locator('#errors-body .frames').isHidden()).toBe(true)
    // a live update re-renders the table: the reader's choice stays
    await post(c.url, '/v1/logs', encodeLogs(logsRequest([bundleError()], resource({ 'minimon.build.id': 'b-20260101-abc' }))))
    await page.waitForFunction(() => document.querySelector('#errors-body td.num')?.textContent === '×2')
    expect(await page.locator('#errors-body pre.raw-stack').isVisible()).toBe(true)
    expect(pageErrors).toEqual([])
  })
})

