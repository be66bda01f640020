// Readable stacks for a native mini program, which has no bundler: WeChat's tools compile and merge its files
// into app-service.js (test-support/wechat-package.mjs does the same), and export the index map of that bundle
// (__APP__/app-service.js.map, __FULL__/…). `minimon sourcemaps` files that export under the release the app
// reports (serviceVersion), the simulator runs the packaged app and delivers the error of the error page's
// throwing handler, and the collector, given the maps folder, shows pages/error/index.js at the line of the
// throw instead of the bundle position.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runMinimon, startCollector, type Collector, type LogRecord } from '@minimon/collector'
import { createSim, type Sim } from '@minimon/sim'
// @ts-expect-error plain ESM module of the playground, without types
import { buildPlayground } from '../scripts/build.mjs'
// @ts-expect-error plain ESM module of the playground, without types
import { noChromium, withPage } from '../../test-support/chromium'
import { wechatPackage } from '../../test-support/wechat-package.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const SOURCE = 'pages/error/index.js'
const ARTIFACTS = resolve(here, '../../../.artifacts')
const THROW_LINE = readFileSync(join(here, '../src', SOURCE), 'utf8').split('\n').findIndex((l) => l.includes("throw new Error('Checkout failed")) + 1
const tmp = mkdtempSync(join(tmpdir(), 'minimon-native-stacks-'))
let c: Collector
let sim: Sim
let filed = ''
// vitest formats V8 stacks with its own Error.prepareStackTrace, which shifts line-1 columns by its module
// wrapper's length: V8's own frames while this file runs, as on a device.
const prepare = Error.prepareStackTrace

beforeAll(async () => {
  Error.prepareStackTrace = undefined
  const { wechat } = await buildPlayground({ out: join(tmp, 'dist'), platforms: ['wechat'] })
  await wechatPackage(wechat, join(tmp, 'packaged'), join(tmp, 'export'))
  let out = ''
  const code = await runMinimon(['sourcemaps', join(tmp, 'export'), '--release', '1.0.0', '--out', join(tmp, 'maps')], {
    stdout: (s) => (out += s), stderr: (s) => (out += s), stdin: async () => '',
  })
  if (code !== 0) throw new Error(out)
  filed = out
  c = await startCollector({ sourcemaps: join(tmp, 'maps') })
  ;(globalThis as any).__MINIMON_PLAYGROUND__ = { collector: c.url, api: 'http://127.0.0.1:9', flushInterval: 200 }
  sim = createSim({ platform: 'wechat' })
  await sim.launch({ app: join(tmp, 'packaged') })
  await sim.tap('#errors')
  await sim.idle()
  await sim.tap('#throw')
  await c.waitFor(() => c.logs.some((l) => String(l.body).includes('Checkout failed')), 10_000)
}, 120_000)
afterAll(async () => {
  Error.prepareStackTrace = prepare
  delete (globalThis as any).__MINIMON_PLAYGROUND__
  sim?.kill()
  await c?.close()
  rmSync(tmp, { recursive: true, force: true })
})

const thrown = (): LogRecord => c.logs.find((l) => String(l.body).includes('Checkout failed'))!

describe('native app packaged as WeChat does, maps in its export layout', () => {
  it('files the export under the release', () => {
    expect(filed).toContain('filed 2 source maps under')
    expect(filed).toContain('main package (__APP__), whole package (__FULL__)')
  })

  it('throws from the merged bundle: the raw frames name app-service.js', () => {
    const raw = String(thrown().attributes['exception.stacktrace.raw'])
    expect(raw).toMatch(/app-service\.js:\d+:\d+/)
    expect(raw).not.toContain(SOURCE)
    expect(thrown().resource['service.version']).toBe('1.0.0')
  })

  it('resolves the stack to the line of the throw in the page file', () => {
    const l = thrown()
    expect(l.stack!.frames[0]).toMatchObject({ source: SOURCE, line: THROW_LINE })
    // the monitor's page wrapper calls the handler through apply: the printed name stays
    expect(l.stack!.frames[0].fn).toMatch(/checkout$/)
    expect(String(l.attributes['exception.stacktrace'])).toMatch(new RegExp(`at \\S*checkout \\(${SOURCE.replace(/[./]/g, '\\$&')}:${THROW_LINE}:\\d+\\)`))
    expect(l.stack!.frames[0].context!.lines.join('\n')).toContain("throw new Error('Checkout failed: cart is undefined')")
  })

  it.skipIf(noChromium)('shows the page file line in the viewer (headless Chromium)', async () => {
    await withPage((await import('playwright-core')).chromium, async (page) => {
      await page.goto(c.url + '/')
      const row = page.locator('#errors-body tr').filter({ has: page.locator('summary', { hasText: 'Checkout failed' }) })
      await row.locator('summary').click()
      const top = row.locator('.frame.resolved').first()
      await top.waitFor({ timeout: 10_000 })
      expect(await top.locator('.loc').textContent()).toMatch(new RegExp(`^${SOURCE.replace(/[./]/g, '\\$&')}:${THROW_LINE}:\\d+$`))
      expect(await top.locator('.ln.hit').textContent()).toContain("throw new Error('Checkout failed: cart is undefined')")
      mkdirSync(ARTIFACTS, { recursive: true })
      await page.locator('section#errors').screenshot({ path: join(ARTIFACTS, 'native-wechat-readable-stack.png') })
    })
  })
})
