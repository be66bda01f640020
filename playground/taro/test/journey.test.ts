// The compiled weapp and alipay builds of the playground boot in @minimon/sim, a scripted user journey
// runs, and the local collector receives every signal with Taro's page paths.
//
// The builds live in dist/test/<target>, made with a placeholder collector URL; they are (re)built here when
// missing or stale (scripts/build.mjs; about 7 s per target on an idle machine). Each run copies them to a
// temporary folder pointed at its own collector's random port, so overlapping runs never collide. The requests
// page calls the app's own API server (test-support/api-server.mjs), never the collector.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSim, type Sim } from '@minimon/sim'
import { startCollector, type Collector } from '@minimon/collector'
import { TEST_OUT, TEST_PLACEHOLDER as PLACEHOLDER, copyWithCollector, ensureBuilt } from '../scripts/build.mjs'
import { alipayNavigator, runJourney, waitForText } from '../scripts/journey.mjs'
import { coreHostsIn } from '../../test-support/core-hosts'
import { startPlaygroundApi, type ApiServer } from '../../test-support/api-server.mjs'

let dirs: Record<string, string>
let api: ApiServer
const tmp = mkdtempSync(join(tmpdir(), 'minimon-taro-'))

beforeAll(async () => {
  dirs = await ensureBuilt(['weapp', 'alipay'], { collector: PLACEHOLDER, out: TEST_OUT })
  api = await startPlaygroundApi({ latencyMs: [2, 10] })
}, 600_000)
afterAll(async () => {
  await api?.close()
  rmSync(tmp, { recursive: true, force: true })
})

const PAGES = ['pages/index/index', 'pages/requests/index', 'pages/errors/index']

describe.each([
  ['weapp', 'wechat'],
  ['alipay', 'alipay'],
] as const)('%s build', (target, platform) => {
  let c: Collector
  let sim: Sim

  let restore = () => {}

  beforeAll(async () => {
    c = await startCollector()
    const app = copyWithCollector(dirs[target], join(tmp, target), PLACEHOLDER, c.url)
    sim = createSim({ platform })
    // Taro's alipay runtime reads navigator.userAgent, which Alipay has and the sim does not (yet).
    if (platform === 'alipay') restore = alipayNavigator()
    await sim.launch({ app })
  })
  afterAll(async () => {
    sim?.kill()
    restore()
    await c?.close()
  })

  it('carries only the core host of its platform', () => {
    expect(coreHostsIn(dirs[target])).toEqual([platform])
  })

  it('runs the journey and reports every signal with Taro page paths', async () => {
    await waitForText(sim, `Platform ${platform}`)
    const shown = await runJourney(sim)
    expect(shown.requests).toContain('GET 200: 200')
    expect(shown.requests).toContain('GET 404: 404')
    expect(shown.requests).toMatch(/Unreachable port: failed/)
    expect(shown.errors).toContain('Caught: Render error from <Bomb>')
    expect(sim.currentPage()?.route).toBe('pages/errors/index')

    const errors = () => c.logs.filter((l) => l.attributes['exception.type'])
    await c.waitFor(() => errors().length >= 6, 10_000)
    await c.waitFor((c) => ['app_launch', 'first_render', 'page_stay'].every((n) => c.metrics.some((m) => m.name === `miniprogram.${n}.duration`)) && c.metrics.some((m) => m.name === 'miniprogram.request.duration'), 10_000)
    await new Promise((r) => setTimeout(r, 300))

    // Each error once, from its one source, on the page it happened on.
    const got = errors().map((l) => [l.attributes['exception.type'], l.attributes['miniprogram.page.path'], l.body])
    expect(got).toHaveLength(6)
    expect(got).toEqual(
      expect.arrayContaining([
        ['ajax', 'pages/requests/index', `GET ${api.url}/no-such-path 404`],
        ['ajax', 'pages/requests/index', expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:65534\/unreachable /)],
        ['js', 'pages/errors/index', 'Error: Error thrown in a tap handler'],
        ['js', 'pages/errors/index', 'Error: Render error from <Bomb>'],
        ['pageNotFound', 'pages/errors/index', 'page not found: /pages/missing/index'],
        ['promise', 'pages/errors/index', 'Error: Rejected promise nobody handled'],
      ]),
    )
    const render = errors().find((l) => l.attributes['exception.source'] === 'react')!
    // the error's own frames, then React's component stack; its opening line is the body, sent once
    expect(render.body).toBe('Error: Render error from <Bomb>')
    expect(render.attributes['exception.stacktrace']).toMatch(/^\s+at /)
    expect(render.attributes['exception.stacktrace']).toContain('React component stack:')

    // Metrics: every data point carries one of the app's page paths.
    for (const m of c.metrics) expect(PAGES).toContain(m.attributes['miniprogram.page.path'])
    const pagesOf = (name: string) => [...new Set(c.metrics.filter((m) => m.name === name).map((m) => m.attributes['miniprogram.page.path']))].sort()
    expect(pagesOf('miniprogram.app_launch.duration')).toEqual(['pages/index/index'])
    expect(pagesOf('miniprogram.first_render.duration')).toEqual([...PAGES].sort())
    expect(pagesOf('miniprogram.route.duration')).toEqual(expect.arrayContaining(['pages/errors/index', 'pages/requests/index']))
    expect(pagesOf('miniprogram.page_stay.duration')).toEqual([...PAGES].sort())
    expect(pagesOf('miniprogram.request.duration')).toEqual(['pages/requests/index'])

    // Resource and contract.
    const resource = c.logs[0].resource
    expect(resource['service.name']).toBe('minimon-taro-playground')
    expect(resource['miniprogram.platform']).toBe(platform)
    expect(c.batches.length).toBeGreaterThan(0)
    // Every batch passes SkyWalking's mini-program rules clean (info notes aside), and the collector refused
    // nothing: the page's deliberate 404 came from the app's own API server.
    expect(c.batches.filter((b) => !b.check.ok).flatMap((b) => b.check.issues)).toEqual([])
    expect(c.requests.filter((r) => r.status >= 400)).toEqual([])
    expect(api.received.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/items', '/no-such-path']))
  })
})
