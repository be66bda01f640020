// The collector viewer's session view from a real run: the uni-app demo, built for mp-weixin with
// sessionEvents() (MINIMON_SESSION_EVENTS=1, src/monitor.ts), launched five times in @minimon/sim on one storage
// (each run hidden, then killed: the next launch ends its session as `killed`), two of the five with an error.
// The collector counts 3 crash-free sessions of 5 for release 1.0.0, and the viewer, in headless Chromium,
// shows them. Its screenshot is docs/images/viewer-sessions.png:
//
//   MINIMON_DOCS_SCREENSHOTS=1 pnpm vitest run playground/uni-app/test/viewer-sessions.test.ts
//
// (without the variable it goes to .artifacts/viewer-sessions.png). Its own build (dist/sessions/mp-weixin,
// ≈ 5–15 s, cached), made once for a placeholder collector and copied for each run's port.
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startCollector, type Collector } from '@minimon/collector'
import { createSim } from '@minimon/sim'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { tapById } from '../scripts/journey.mjs'
import { PLACEHOLDER, buildTarget, copyWithCollector, outDir } from '../scripts/targets.mjs'
import { noChromium, withPage } from '../../test-support/chromium'
import { startPlaygroundApi, type ApiServer } from '../../test-support/api-server.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(here, '../../..')
const SHOT = process.env.MINIMON_DOCS_SCREENSHOTS ? join(ROOT, 'docs/images/viewer-sessions.png') : join(ROOT, '.artifacts/viewer-sessions.png')

let c: Collector
// the app's own backend, for the requests page (src/api.ts)
let api: ApiServer
let dir: string
const tmp = mkdtempSync(join(tmpdir(), 'minimon-uni-sessions-'))
beforeAll(async () => {
  await buildTarget('mp-weixin', { collector: PLACEHOLDER, kind: 'sessions', sessionEvents: true })
  c = await startCollector({ port: 0 })
  api = await startPlaygroundApi({ latencyMs: [2, 5] })
  dir = copyWithCollector(outDir('mp-weixin', 'sessions'), join(tmp, 'mp-weixin'), PLACEHOLDER, c.url)
}, 180_000)
afterAll(async () => {
  await api?.close()
  await c?.close()
  rmSync(tmp, { recursive: true, force: true })
})

type Sim = ReturnType<typeof createSim>

/**
 * One launch of the app on `storage` (a killed run's), `what` done by the user, then the app goes to the
 * background and, once the collector has `delivered` and the app has heard so, is killed. Whatever uni's runtime left on Node's
 * globalThis goes with it.
 */
async function session(storage: Sim['storage'] | undefined, what: (sim: Sim) => Promise<void>, delivered: (c: Collector) => boolean): Promise<Sim['storage']> {
  const sim = createSim({ platform: 'wechat', storage, suspendAfterMs: 1000 })
  const uninstall = sim.install()
  const before = new Set(Object.getOwnPropertyNames(globalThis))
  try {
    await sim.launch({ app: dir })
    await sim.idle(50)
    await what(sim)
    await sim.idle(50)
    await sim.hide()
    await c.waitFor(delivered, 10_000)
    // the app hears the collector's answer and clears what it had stored for a retry (the JS thread runs on
    // for a few seconds after a hide): a kill before that sends it again on the next launch, at least once
    await sim.idle(200)
    return sim.storage
  } finally {
    sim.kill()
    uninstall()
    for (const name of Object.getOwnPropertyNames(globalThis)) if (!before.has(name)) delete (globalThis as Record<string, unknown>)[name]
  }
}

const open = async (sim: Sim, id: string) => {
  await tapById(sim, dir, id)
  await sim.idle(50)
}
const events = (c: Collector, name: string) => c.logs.filter((l) => l.attributes['event.name'] === name)
const errors = (c: Collector) => c.logs.filter((l) => l.attributes['exception.type'])

it('shows crash-free sessions per release and the errors of each session, from five launches of the app', async () => {
  // each launch: the buttons tapped, whether it goes back home after, and whether it ends in an error
  const launches: { taps: string[]; back?: boolean; error?: boolean }[] = [
    // 1: signs in, opens the errors page, taps the throwing handler
    { taps: ['sign-in', 'open-errors', 'err-handler'], error: true },
    // 2: the requests page, back home; 3: the privacy page, back home (no error either time)
    { taps: ['open-requests', 'req-ok'], back: true },
    { taps: ['open-consent'], back: true },
    // 4: a rejected promise nobody handles; 5: the home page only, still running when the view is taken
    { taps: ['open-errors', 'err-promise'], error: true },
    { taps: [] },
  ]
  let storage: Sim['storage'] | undefined
  let errorsSoFar = 0
  for (const [i, launch] of launches.entries()) {
    if (launch.error) errorsSoFar++
    const n = errorsSoFar
    storage = await session(
      storage,
      async (sim) => {
        for (const id of launch.taps) await open(sim, id)
        if (launch.back) await sim.navigateBack()
      },
      // this launch's start and errors arrived, and the previous launch's end (reported at this launch)
      (c) => events(c, 'session.start').length === i + 1 && events(c, 'session.end').length === i && errors(c).length === n,
    )
  }

  expect(errors(c).map((l) => l.attributes['exception.type'])).toEqual(['js', 'promise'])
  expect(events(c, 'session.end').map((l) => [l.attributes['minimon.session.end_reason'], l.attributes['minimon.session.errors']])).toEqual([
    ['killed', 1],
    ['killed', 0],
    ['killed', 0],
    ['killed', 1],
  ])
  const state = await (await fetch(c.url + '/api/state')).json()
  expect(state.sessions.mode).toBe('events')
  expect(state.sessions.releases).toEqual([{ version: '1.0.0', sessions: 5, withErrors: 2, crashFree: 0.6 }])
  expect(state.sessions.sessions.map((s: { errors: number }) => s.errors).sort()).toEqual([0, 0, 0, 1, 1])

  if (noChromium) return
  const { chromium } = await import('playwright-core')
  await withPage(chromium, async (page: import('playwright-core').Page) => {
    await page.setViewportSize({ width: 1100, height: 900 })
    await page.goto(c.url + '/')
    await page.waitForSelector('#live.live', { timeout: 20_000 })
    const view = page.locator('[data-section="sessions"]')
    await expect.poll(() => view.locator('tr[data-release="1.0.0"]').innerText(), { timeout: 20_000 }).toMatch(/1\.0\.0\s+5\s+2\s+60%/)
    expect(await view.locator('tr[data-session]').count()).toBe(5)
    expect(await view.innerText()).toContain('demo-user-1')
    mkdirSync(dirname(SHOT), { recursive: true })
    await view.screenshot({ path: SHOT })
    expect(statSync(SHOT).size).toBeGreaterThan(10_000)
  })
}, 120_000)
