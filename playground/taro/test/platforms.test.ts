// The Taro playground built for the other mini-program platforms Taro 4.2.0 builds in (`--type tt|swan|qq|jd`,
// @tarojs/plugin-platform-<type>) boots in @minimon/sim under that platform, plays the same journey as the
// WeChat and Alipay builds (scripts/journey.mjs), and the collector receives every signal docs/platforms.md
// promises there, with the right `miniprogram.platform`.
//
// Builds: dist/test/<type>, like journey.test.ts's (scripts/build.mjs: rebuilt only when stale, one build at a
// time per output folder across processes; about 7-12 s each).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSim, type Platform, type Sim } from '@minimon/sim'
import { startCollector, type Collector } from '@minimon/collector'
import { TEST_OUT, TEST_PLACEHOLDER as PLACEHOLDER, copyWithCollector, ensureBuilt } from '../scripts/build.mjs'
import { runJourney, waitForText } from '../scripts/journey.mjs'
import { coreEntryHostsIn, coreHostsIn } from '../../test-support/core-hosts'
import { PLATFORM_SIGNALS, gaugesOf } from '../../test-support/platform-signals.mjs'
import { startPlaygroundApi, type ApiServer } from '../../test-support/api-server.mjs'
import { crumbsOf, expectTapsNavigationsRequests } from './breadcrumbs'

/** Taro's --type → the platform the build runs on (docs/platforms.md). */
export const PLATFORM_TARGETS: [string, Platform][] = [
  ['tt', 'bytedance'],
  ['swan', 'baidu'],
  ['qq', 'qq'],
  ['jd', 'jd'],
]

let dirs: Record<string, string>
let api: ApiServer
const tmp = mkdtempSync(join(tmpdir(), 'minimon-taro-platforms-'))

beforeAll(async () => {
  dirs = await ensureBuilt(
    PLATFORM_TARGETS.map(([t]) => t),
    { collector: PLACEHOLDER, out: TEST_OUT },
  )
  api = await startPlaygroundApi({ latencyMs: [2, 10] })
}, 600_000)
afterAll(async () => {
  await api?.close()
  rmSync(tmp, { recursive: true, force: true })
})

const PAGES = ['pages/index/index', 'pages/requests/index', 'pages/errors/index']

describe.each(PLATFORM_TARGETS)('%s build on %s', (target, platform) => {
  let c: Collector
  let sim: Sim
  const signals = PLATFORM_SIGNALS[platform]

  beforeAll(async () => {
    c = await startCollector()
    const app = copyWithCollector(dirs[target], join(tmp, target), PLACEHOLDER, c.url)
    sim = createSim({ platform })
    await sim.launch({ app })
  })
  afterAll(async () => {
    sim?.kill()
    await c?.close()
  })

  it("carries only its platform's core entry, and neither Alipay's nor the web host", () => {
    expect(coreEntryHostsIn(dirs[target])).toEqual([platform])
    expect(coreHostsIn(dirs[target]).filter((h) => h !== 'wechat')).toEqual([])
  })

  it('runs the journey and reports what the platform offers, with Taro page paths', async () => {
    await waitForText(sim, `Platform ${platform}`)
    const shown = await runJourney(sim)
    expect(shown.requests).toContain('GET 200: 200')
    expect(shown.requests).toContain('GET 404: 404')
    expect(shown.requests).toMatch(/Unreachable port: failed/)
    expect(shown.errors).toContain('Caught: Render error from <Bomb>')
    expect(sim.currentPage()?.route).toBe('pages/errors/index')

    const expected = [
      ['ajax', 'pages/requests/index', `GET ${api.url}/no-such-path 404`],
      ['ajax', 'pages/requests/index', expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:65534\/unreachable /)],
      ['js', 'pages/errors/index', 'Error: Error thrown in a tap handler'],
      ['js', 'pages/errors/index', 'Error: Render error from <Bomb>'],
      // the adapter's: Taro.navigateTo failed
      ['pageNotFound', 'pages/errors/index', 'page not found: /pages/missing/index'],
      // only where the platform has an unhandled-rejection event (not Baidu, not Feishu)
      ...(signals.rejection ? [['promise', 'pages/errors/index', 'Error: Rejected promise nobody handled']] : []),
    ]
    const gauges = gaugesOf(platform)
    const errors = () => c.logs.filter((l) => l.attributes['exception.type'])
    await c.waitFor(() => errors().length >= expected.length, 10_000)
    await c.waitFor((c) => gauges.every((n) => c.metrics.some((m) => m.name === n)) && c.metrics.some((m) => m.name === 'miniprogram.request.duration'), 10_000)
    await new Promise((r) => setTimeout(r, 300))

    // Each error once, from its one source, on the page it happened on; no promise error where there is no event.
    const got = errors().map((l) => [l.attributes['exception.type'], l.attributes['miniprogram.page.path'], l.body])
    expect(got).toHaveLength(expected.length)
    expect(got).toEqual(expect.arrayContaining(expected))

    // What led to the throwing handler's error: Requests, GET 200, GET 404, Unreachable port, Errors, Render
    // error and Throw in handler as taps, the navigations, the requests (context.test.ts: weapp and alipay).
    const thrown = c.logs.find((l) => l.body === 'Error: Error thrown in a tap handler')!
    expectTapsNavigationsRequests(crumbsOf(thrown), 7)

    // Metrics: every data point carries one of the app's page paths; the gauges the platform has, nothing else.
    for (const m of c.metrics) expect(PAGES).toContain(m.attributes['miniprogram.page.path'])
    const names = new Set(c.metrics.map((m) => m.name))
    expect([...names].sort()).toEqual([...gauges, 'miniprogram.request.duration'].sort())
    const pagesOf = (name: string) => [...new Set(c.metrics.filter((m) => m.name === name).map((m) => m.attributes['miniprogram.page.path']))].sort()
    expect(pagesOf('miniprogram.app_launch.duration')).toEqual(['pages/index/index'])
    expect(pagesOf('miniprogram.first_render.duration')).toEqual([...PAGES].sort())
    expect(pagesOf('miniprogram.page_stay.duration')).toEqual([...PAGES].sort())
    expect(pagesOf('miniprogram.request.duration')).toEqual(['pages/requests/index'])
    const requests = c.metrics.filter((m) => m.name === 'miniprogram.request.duration')
    expect(requests.reduce((n, m) => n + Number(m.count), 0)).toBe(3)

    // Resource: the platform's own name on every log and metric.
    for (const r of [...c.logs, ...c.metrics]) {
      expect(r.resource['miniprogram.platform']).toBe(platform)
      expect(r.resource['service.name']).toBe('minimon-taro-playground')
    }
    // The contract check: not one of OAP's mini-program platforms (noted as info), and nothing wrong otherwise.
    const issues = c.batches.flatMap((b) => b.check.issues)
    expect(issues.filter((i) => i.code === 'other-platform').every((i) => i.severity === 'info')).toBe(true)
    expect(issues.some((i) => i.code === 'other-platform')).toBe(true)
    expect(issues.filter((i) => i.severity !== 'info')).toEqual([])
    expect(c.segments).toEqual([])
  })
})
