// Readable stacks from a production WeChat build made with @minimon/taro/plugin: the sim runs the minified
// output, a tap handler throws on a known line of src/pages/errors/index.tsx, and the collector, given the
// maps folder the plugin filled, shows that file and line — in its state, in the forwarded stack and in the
// viewer (headless Chromium). The build is the journey test's (dist/test/weapp, cached by scripts/build.mjs).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSim, type Sim } from '@minimon/sim'
import { runMinimon, startCollector, type Collector } from '@minimon/collector'
import { TEST_OUT, TEST_PLACEHOLDER as PLACEHOLDER, copyWithCollector, ensureBuilt, mapsDir } from '../scripts/build.mjs'
import { tap, waitForText } from '../scripts/journey.mjs'
// @ts-expect-error plain ESM module, without types
import { noChromium, withPage } from '../../test-support/chromium'
import { wechatPackage } from '../../test-support/wechat-package.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const ARTIFACTS = resolve(here, '../../../.artifacts')
const SOURCE = 'src/pages/errors/index.tsx'
const THROW_LINE = readFileSync(join(here, '..', SOURCE), 'utf8').split('\n').findIndex((l) => l.includes("throw new Error('Error thrown in a tap handler')")) + 1

let dir = ''
let maps = ''
let c: Collector
let sim: Sim
const tmp = mkdtempSync(join(tmpdir(), 'minimon-taro-stacks-'))

// vitest formats V8 stacks with its own Error.prepareStackTrace, which shifts columns on line 1 by the length
// of its module wrapper — every minified file is one line. The app's errors must carry V8's own frames, as on
// a device: the default formatting while this file runs.
const prepare = Error.prepareStackTrace
beforeAll(async () => {
  Error.prepareStackTrace = undefined
  dir = (await ensureBuilt(['weapp'], { collector: PLACEHOLDER, out: TEST_OUT })).weapp
  maps = mapsDir(dir)
  c = await startCollector({ sourcemaps: maps })
  sim = createSim({ platform: 'wechat' })
  await sim.launch({ app: copyWithCollector(dir, join(tmp, 'weapp'), PLACEHOLDER, c.url) })
  await waitForText(sim, 'Platform wechat')
  await tap(sim, 'Errors')
  await waitForText(sim, 'Throw in handler')
  await tap(sim, 'Throw in handler')
  await c.waitFor(() => c.logs.some((l) => String(l.body).includes('Error thrown in a tap handler')), 10_000)
  sim.kill()
}, 600_000)
afterAll(async () => {
  Error.prepareStackTrace = prepare
  sim?.kill()
  await c?.close()
  rmSync(tmp, { recursive: true, force: true })
})

const thrown = () => c.logs.find((l) => String(l.body).includes('Error thrown in a tap handler'))!

describe('Taro weapp production build with @minimon/taro/plugin', () => {
  it('ships no source maps: they are in the maps folder under the build id', () => {
    const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]))
    const out = walk(dir)
    expect(out.filter((f) => f.endsWith('.map'))).toEqual([])
    expect(out.filter((f) => f.endsWith('.js')).every((f) => !readFileSync(f, 'utf8').includes('sourceMappingURL'))).toBe(true)
    const builds = readdirSync(maps)
    expect(builds).toHaveLength(1)
    const info = JSON.parse(readFileSync(join(maps, builds[0], 'minimon-build.json'), 'utf8'))
    expect(info).toMatchObject({ release: '0.1.0', buildId: builds[0], platform: 'weapp' })
    expect(existsSync(join(maps, builds[0], 'pages/errors/index.js.map'))).toBe(true)
  })

  it('reports the release and build id with the error, no serviceVersion needed', () => {
    const build = readdirSync(maps)[0]
    expect(thrown().resource).toMatchObject({ 'service.version': '0.1.0', 'minimon.build.id': build })
  })

  it('resolves the minified stack to the line of the throw in the page source', () => {
    const l = thrown()
    const raw = String(l.attributes['exception.stacktrace.raw'])
    expect(raw).toMatch(/pages\/errors\/index\.js:\d+:\d+/)
    const stack = String(l.attributes['exception.stacktrace'])
    const first = stack.split('\n').find((x) => x.trim().startsWith('at '))!
    expect(first).toContain(`${SOURCE}:${THROW_LINE}:`)
    expect(l.stack!.frames[0]).toMatchObject({ source: SOURCE, line: THROW_LINE })
    expect(l.stack!.frames[0].context!.lines.join('\n')).toContain("throw new Error('Error thrown in a tap handler')")
  })

  it.skipIf(noChromium)('shows the page source line in the viewer (headless Chromium)', async () => {
    await withPage((await import('playwright-core')).chromium, async (page) => {
      await page.goto(c.url + '/')
      const row = page.locator('#errors-body tr', { hasText: 'Error thrown in a tap handler' })
      await row.locator('summary').click()
      const top = row.locator('.frame.resolved').first()
      await top.waitFor({ timeout: 10_000 })
      expect(await top.locator('.loc').textContent()).toMatch(new RegExp(`^${SOURCE.replace(/[./]/g, '\\$&')}:${THROW_LINE}:\\d+$`))
      expect(await top.locator('.ln.hit').textContent()).toContain("throw new Error('Error thrown in a tap handler')")
      mkdirSync(ARTIFACTS, { recursive: true })
      await page.locator('section#errors').screenshot({ path: join(ARTIFACTS, 'taro-weapp-readable-stack.png') })
    })
  })
})

describe("the same build packaged by WeChat's tools: frames in app-service.js, WeChat's map composed with Taro's", () => {
  let c2: Collector
  let sim2: Sim
  let build = ''
  const maps2 = join(tmp, 'maps')
  beforeAll(async () => {
    // the maps folder of a release: the plugin's maps, and WeChat's export filed under the same build id
    build = readdirSync(maps)[0]
    cpSync(join(maps, build), join(maps2, build), { recursive: true })
    c2 = await startCollector({ sourcemaps: maps2 })
    const upload = copyWithCollector(dir, join(tmp, 'upload'), PLACEHOLDER, c2.url)
    await wechatPackage(upload, join(tmp, 'packaged'), join(tmp, 'export'))
    let said = ''
    const code = await runMinimon(['sourcemaps', join(tmp, 'export'), '--release', build, '--out', maps2], {
      stdout: (x) => (said += x), stderr: (x) => (said += x), stdin: async () => '',
    })
    if (code !== 0) throw new Error(said)
    sim2 = createSim({ platform: 'wechat' })
    await sim2.launch({ app: join(tmp, 'packaged') })
    await waitForText(sim2, 'Platform wechat')
    await tap(sim2, 'Errors')
    await waitForText(sim2, 'Throw in handler')
    await tap(sim2, 'Throw in handler')
    await c2.waitFor(() => c2.logs.some((l) => String(l.body).includes('Error thrown in a tap handler')), 10_000)
  }, 120_000)
  afterAll(async () => {
    sim2?.kill()
    await c2?.close()
  })

  it('resolves app-service.js frames through both maps to the line of the throw', () => {
    const l = c2.logs.find((x) => String(x.body).includes('Error thrown in a tap handler'))!
    const raw = String(l.attributes['exception.stacktrace.raw'])
    expect(raw.split('\n')[1]).toMatch(/app-service\.js:\d+:\d+\)$/)
    expect(l.stack!.frames[0]).toMatchObject({ source: SOURCE, line: THROW_LINE })
    const direct = c2.symbolicator!.symbolicate(raw, { buildId: build })
    expect(direct.frames[0].original!.maps).toEqual([`${build}/__APP__/app-service.js.map`, `${build}/pages/errors/index.js.map`])
  })
})

