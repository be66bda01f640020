// Readable stacks from a production mp-weixin build made with @minimon/uni-app/vite: the sim runs the
// minified output through the demo's journey, the errors page's tap handler throws a TypeError on a known line
// of src/pages/errors/errors.vue, and the collector, given the maps folder the plugin filled, shows that file
// and line, also in the viewer (headless Chromium). Its own build (dist/stacks/mp-weixin, ≈ 5–15 s, cached).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runMinimon, startCollector, type Collector } from '@minimon/collector'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runJourney } from '../scripts/journey.mjs'
import { buildTarget, mapsDir, outDir } from '../scripts/targets.mjs'
// @ts-expect-error plain ESM module, without types
import { noChromium, withPage } from '../../test-support/chromium'
import { wechatPackage } from '../../test-support/wechat-package.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const ARTIFACTS = resolve(here, '../../../.artifacts')
const SOURCE = 'src/pages/errors/errors.vue'
const THROW_LINE = readFileSync(join(here, '..', SOURCE), 'utf8').split('\n').findIndex((l) => l.includes('cart.items.length')) + 1
const PORT = 43189

let c: Collector
const dir = outDir('mp-weixin', 'stacks')
const maps = mapsDir('mp-weixin', 'stacks')
// vitest formats V8 stacks with its own Error.prepareStackTrace, which shifts line-1 columns by its module
// wrapper's length (every minified file is one line): V8's own frames while this file runs, as on a device.
const prepare = Error.prepareStackTrace

beforeAll(async () => {
  Error.prepareStackTrace = undefined
  await buildTarget('mp-weixin', { collector: `http://127.0.0.1:${PORT}`, kind: 'stacks' })
  c = await startCollector({ port: PORT, sourcemaps: maps }).catch(async () => {
    // the port is taken: build for another one
    const other = await startCollector({ port: 0 })
    await other.close()
    await buildTarget('mp-weixin', { collector: other.url, kind: 'stacks' })
    return startCollector({ port: other.port, sourcemaps: maps })
  })
  const { dispose } = await runJourney({ platform: 'wechat', dir })
  await c.waitFor(() => c.logs.some((l) => /items/.test(String(l.body))), 10_000)
  await dispose?.()
}, 300_000)
afterAll(async () => {
  Error.prepareStackTrace = prepare
  await c?.close()
})

const thrown = () => c.logs.find((l) => /TypeError: .*items/.test(String(l.body)))!

describe('uni-app mp-weixin production build with @minimon/uni-app/vite', () => {
  it('ships no source maps: they are in the maps folder under the build id', () => {
    const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]))
    const out = walk(dir)
    expect(out.filter((f) => f.endsWith('.map'))).toEqual([])
    expect(out.filter((f) => f.endsWith('.js')).every((f) => !readFileSync(f, 'utf8').includes('sourceMappingURL'))).toBe(true)
    const builds = readdirSync(maps)
    expect(builds).toHaveLength(1)
    expect(JSON.parse(readFileSync(join(maps, builds[0], 'minimon-build.json'), 'utf8'))).toMatchObject({ release: '0.1.0', buildId: builds[0], platform: 'mp-weixin' })
    expect(existsSync(join(maps, builds[0], 'pages/errors/errors.js.map'))).toBe(true)
  })

  it('reports the build id with the error (the demo names its serviceVersion, which wins over the stamped release)', () => {
    expect(thrown().resource).toMatchObject({ 'service.version': '1.0.0', 'minimon.build.id': readdirSync(maps)[0] })
  })

  it('resolves the minified stack to the line of the failing handler in the .vue source', () => {
    const l = thrown()
    expect(String(l.attributes['exception.stacktrace.raw'])).toMatch(/pages\/errors\/errors\.js:\d+:\d+/)
    expect(l.stack!.frames[0]).toMatchObject({ source: SOURCE, line: THROW_LINE })
    expect(String(l.attributes['exception.stacktrace']).split('\n').find((x) => x.trim().startsWith('at '))).toContain(`${SOURCE}:${THROW_LINE}:`)
    expect(l.stack!.frames[0].context!.lines.join('\n')).toContain('cart.items.length')
  })

  it.skipIf(noChromium)('shows the .vue line in the viewer (headless Chromium)', async () => {
    await withPage((await import('playwright-core')).chromium, async (page) => {
      await page.goto(c.url + '/')
      const row = page.locator('#errors-body tr').filter({ has: page.locator('summary', { hasText: "(reading 'items')" }) })
      await row.locator('summary').click()
      const top = row.locator('.frame.resolved').first()
      await top.waitFor({ timeout: 10_000 })
      expect(await top.locator('.loc').textContent()).toMatch(new RegExp(`^${SOURCE.replace(/[./]/g, '\\$&')}:${THROW_LINE}:\\d+$`))
      expect(await top.locator('.ln.hit').textContent()).toContain('cart.items.length')
      mkdirSync(ARTIFACTS, { recursive: true })
      await page.locator('section#errors').screenshot({ path: join(ARTIFACTS, 'uni-app-weixin-readable-stack.png') })
    })
  })
})

describe("the same build packaged by WeChat's tools: frames in app-service.js, WeChat's map composed with uni's", () => {
  const tmp = mkdtempSync(join(tmpdir(), 'minimon-uni-upload-'))
  const maps2 = join(tmp, 'maps')
  let build = ''
  let packagedError = ''
  beforeAll(async () => {
    build = readdirSync(maps)[0]
    cpSync(join(maps, build), join(maps2, build), { recursive: true })
    // the build reports to `c` (its URL is baked in): same collector, WeChat's export filed beside uni's maps
    await wechatPackage(dir, join(tmp, 'packaged'), join(tmp, 'export'))
    let said = ''
    const code = await runMinimon(['sourcemaps', join(tmp, 'export'), '--release', build, '--out', maps2], {
      stdout: (x) => (said += x), stderr: (x) => (said += x), stdin: async () => '',
    })
    if (code !== 0) throw new Error(said)
    c.reset()
    const { dispose } = await runJourney({ platform: 'wechat', dir: join(tmp, 'packaged') })
    await c.waitFor(() => c.logs.some((l) => /TypeError: .*items/.test(String(l.body))), 10_000)
    await dispose?.()
    packagedError = String(c.logs.find((l) => /TypeError: .*items/.test(String(l.body)))!.attributes['exception.stacktrace.raw'] ?? '')
  }, 120_000)
  afterAll(() => rmSync(tmp, { recursive: true, force: true }))

  it('resolves app-service.js frames through both maps to the failing line of the .vue file', async () => {
    const l = c.logs.find((x) => /TypeError: .*items/.test(String(x.body)))!
    // the collector's folder has only uni's maps: the bundle frames stay as they came
    expect(String(l.attributes['exception.stacktrace'] ?? '')).toMatch(/app-service\.js:\d+:\d+/)
    const { Symbolicator } = await import('@minimon/collector')
    const out = new Symbolicator(maps2).symbolicate(packagedError || String(l.attributes['exception.stacktrace']), { buildId: build })
    expect(out.frames[0].file).toMatch(/app-service\.js$/)
    expect(out.frames[0].original).toMatchObject({ source: SOURCE, line: THROW_LINE })
    expect(out.frames[0].original!.maps).toEqual([`${build}/__APP__/app-service.js.map`, `${build}/pages/errors/errors.js.map`])
  })
})

