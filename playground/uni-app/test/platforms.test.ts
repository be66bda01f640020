// The uni-app demo compiled by uni's CLI for the other mini-program platforms (`-p mp-toutiao | mp-lark | mp-qq |
// mp-kuaishou | mp-jd | mp-xhs | mp-baidu`, @dcloudio/uni-mp-<x>@3.0.0-5000720260410001) boots in @minimon/sim
// under its platform, plays the journey of scripts/journey.mjs (taps found in each platform's template language)
// and delivers what docs/platforms.md promises there, with the right `miniprogram.platform`.
//
// Builds: dist/test/<target>, made for a placeholder collector URL and rebuilt only when stale, one build at a
// time per output folder across processes (scripts/targets.mjs; about 5-8 s each). Each run copies them to a
// temporary folder pointed at its own collector's random port, so overlapping runs never collide.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCollector, type Collector } from '@minimon/collector'
import { createSim, type Platform } from '@minimon/sim'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runJourney } from '../scripts/journey.mjs'
import { PLACEHOLDER, buildTarget, copyWithCollector, outDir } from '../scripts/targets.mjs'
import { coreEntryHostsIn, coreHostsIn } from '../../test-support/core-hosts'
import { PLATFORM_SIGNALS, gaugesOf } from '../../test-support/platform-signals.mjs'
import { startPlaygroundApi, type ApiServer } from '../../test-support/api-server.mjs'

/** uni's -p → the platform the build runs on (docs/platforms.md). */
export const PLATFORM_TARGETS: [Platform, string][] = [
  ['bytedance', 'mp-toutiao'],
  ['lark', 'mp-lark'],
  ['qq', 'mp-qq'],
  ['kuaishou', 'mp-kuaishou'],
  ['jd', 'mp-jd'],
  ['xiaohongshu', 'mp-xhs'],
  ['baidu', 'mp-baidu'],
]

const PAGES = ['pages/index/index', 'pages/requests/requests', 'pages/errors/errors']
const tmp = mkdtempSync(join(tmpdir(), 'minimon-uni-platforms-'))

let collector: Collector
let api: ApiServer
beforeAll(async () => {
  collector = await startCollector()
  api = await startPlaygroundApi({ latencyMs: [2, 10] })
}, 30_000)
afterAll(async () => {
  await api?.close()
  await collector?.close()
  rmSync(tmp, { recursive: true, force: true })
})

describe.each(PLATFORM_TARGETS)('uni-app demo on %s (%s build)', (platform, target) => {
  let dir: string
  const signals = PLATFORM_SIGNALS[platform]

  beforeAll(async () => {
    const ms = await buildTarget(target, { collector: PLACEHOLDER, kind: 'test' })
    if (ms) console.log(`built ${target} in ${ms} ms`)
    dir = copyWithCollector(outDir(target, 'test'), join(tmp, target), PLACEHOLDER, collector.url)
  }, 180_000)

  it("carries only its platform's core entry, and neither Alipay's nor the web host", () => {
    expect(coreEntryHostsIn(dir)).toEqual([platform])
    expect(coreHostsIn(dir).filter((h) => h !== 'wechat')).toEqual([])
  })

  it('boots, plays the journey and reports what the platform offers, with uni page paths', async () => {
    collector.reset()
    const { sim, dispose } = await runJourney({ platform, dir })
    try {
      const c = collector
      // A failed navigation reaches the adapter (uni's navigation interceptors) with its error text, except on
      // mp-baidu: uni's Baidu API layer takes a result for a failure only when it has `error`/`errorMessage`
      // (uni-mp-baidu uni.api.esm.js `returnValue`, Alipay's shape) and rewrites any other to "<api>:ok", while
      // Baidu's fail results carry `errCode`/`errMsg` (smartprogram docs, e.g. swan.request). There the page
      // not found comes from swan.onPageNotFound alone (the Baidu test below).
      const navigationFailureSeen = target !== 'mp-baidu'
      const errorCount = 4 + Number(signals.rejection) + Number(navigationFailureSeen)
      const gauges = gaugesOf(platform)
      await c.waitFor(
        () => c.logs.length >= errorCount && gauges.every((n) => c.metrics.some((m) => m.name === n)) && c.metrics.filter((m) => m.name === 'miniprogram.page_stay.duration').length >= 4,
        10_000,
      )
      await sim.idle(300)
      // The platform itself caught nothing: Vue caught its errors, and the monitor never throws.
      expect(sim.errors).toEqual([])

      const byType = (t: string) => c.logs.filter((l) => l.attributes['exception.type'] === t)
      const vue = c.logs.filter((l) => l.attributes['exception.source'] === 'vue')
      expect(vue.map((l) => [l.attributes['vue.component'], l.attributes['vue.hook'], l.attributes['miniprogram.page.path']])).toEqual([
        ['ErrorsPage', 'render function', 'pages/errors/errors'],
        ['ErrorsPage', 'native event handler', 'pages/errors/errors'],
      ])
      expect(byType('js')).toHaveLength(2)
      // Only where the platform has an unhandled-rejection event (not on Feishu).
      expect(byType('promise').map((l) => [l.body, l.attributes['miniprogram.page.path']])).toEqual(
        signals.rejection ? [['Error: payment service timed out', 'pages/errors/errors']] : [],
      )
      expect(byType('pageNotFound').map((l) => [l.body, l.attributes['miniprogram.page.path']])).toEqual(
        navigationFailureSeen ? [['page not found: pages/missing/missing', 'pages/errors/errors']] : [],
      )
      expect(byType('ajax').map((l) => [l.attributes['http.response.status_code'] ?? 0, l.attributes['miniprogram.page.path']]).sort()).toEqual([
        [0, 'pages/requests/requests'],
        [404, 'pages/requests/requests'],
      ])
      expect(c.logs).toHaveLength(errorCount)

      // Gauges: those the platform has and no other; every point on a uni page path.
      expect([...new Set(c.metrics.map((m) => m.name))].sort()).toEqual([...gauges, 'miniprogram.request.duration'].sort())
      const firstRender = c.metrics.filter((m) => m.name === 'miniprogram.first_render.duration').map((m) => m.attributes['miniprogram.page.path'])
      expect(new Set(firstRender)).toEqual(new Set(PAGES))
      expect(c.metrics.filter((m) => m.name === 'miniprogram.page_stay.duration').map((m) => m.attributes['miniprogram.page.path'])).toEqual([
        'pages/index/index',
        'pages/requests/requests',
        'pages/index/index',
        'pages/errors/errors',
      ])
      for (const m of c.metrics) expect(PAGES).toContain(m.attributes['miniprogram.page.path'])
      for (const l of c.logs) expect(PAGES).toContain(l.attributes['miniprogram.page.path'])
      // uni.request ×3 and uni.downloadFile ×1, each measured once.
      const requests = c.metrics.filter((m) => m.name === 'miniprogram.request.duration')
      expect(requests.reduce((n, m) => n + Number(m.count), 0)).toBe(4)

      for (const r of [...c.logs, ...c.metrics]) {
        expect(r.resource['miniprogram.platform']).toBe(platform)
        expect(r.resource['service.name']).toBe('minimon-uni-demo')
      }
      // The contract check: not one of OAP's mini-program platforms (noted as info), and nothing wrong otherwise.
      const issues = c.batches.flatMap((b) => b.check.issues)
      expect(issues.some((i) => i.code === 'other-platform' && i.severity === 'info')).toBe(true)
      expect(issues.filter((i) => i.severity !== 'info')).toEqual([])
      expect(c.segments).toEqual([])
    } finally {
      dispose()
    }
  }, 60_000)
})

describe('uni-app demo on baidu (mp-baidu build): what only Baidu does', () => {
  let dir: string
  beforeAll(async () => {
    await buildTarget('mp-baidu', { collector: PLACEHOLDER, kind: 'test' })
    dir = copyWithCollector(outDir('mp-baidu', 'test'), join(tmp, 'mp-baidu-own'), PLACEHOLDER, collector.url)
  }, 180_000)

  // uni-mp-baidu registers pages as Component()s and relies on what Baidu gives a component used as a page: a
  // separate `pageinstance`, `this.methods`, `dispatch`, `lifetimes.onInit`, onShow before onLoad (its
  // uni.mp.esm.js), which @minimon/sim models (platforms.ts, PLATFORMS.baidu.componentPage).
  it('opens every page as a Component() whose page object is its `pageinstance`', async () => {
    const { sim, dispose } = await runJourney({ platform: 'baidu', dir })
    try {
      expect(sim.pages().map((p) => p.route)).toEqual(['pages/index/index', 'pages/errors/errors'])
      expect(sim.currentPage()!.pageinstance).toBe(sim.pages()[1])
    } finally {
      dispose()
    }
  }, 60_000)

  // The page-not-found signal docs/platforms.md promises on Baidu: swan.onPageNotFound, here for a start on a
  // page that does not exist (a shared link to a removed page).
  it('reports a start on a page that does not exist, from swan.onPageNotFound', async () => {
    collector.reset()
    const sim = createSim({ platform: 'baidu', suspendAfterMs: 1000 })
    const uninstall = sim.install()
    const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis))
    try {
      await sim.launch({ app: dir, path: 'pages/missing/missing', query: { id: '1' } })
      await sim.hide()
      await collector.waitFor((c) => c.logs.length >= 1, 10_000)
      await sim.idle(300)
      expect(sim.errors).toEqual([])
      expect(collector.logs.map((l) => [l.attributes['exception.type'], l.body, l.attributes['miniprogram.page.path'], l.resource['miniprogram.platform']])).toEqual([
        ['pageNotFound', 'page not found: pages/missing/missing', 'pages/missing/missing', 'baidu'],
      ])
    } finally {
      sim.kill()
      uninstall()
      for (const name of Object.getOwnPropertyNames(globalThis)) if (!globalsBefore.has(name)) delete globalThis[name as keyof typeof globalThis]
    }
  }, 60_000)
})
