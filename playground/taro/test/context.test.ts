// What led to an error, in the compiled weapp build of the Taro playground: the user signs in, opens the
// requests page and the errors page, and a tap handler throws; its log carries the taps, navigations and
// requests before it, and the user.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createSim } from '@minimon/sim'
import { startCollector } from '@minimon/collector'
import { TEST_OUT, TEST_PLACEHOLDER as PLACEHOLDER, copyWithCollector, ensureBuilt } from '../scripts/build.mjs'
import { tap, waitForText } from '../scripts/journey.mjs'
import { startPlaygroundApi, type ApiServer } from '../../test-support/api-server.mjs'

let dirs: Record<string, string>
let api: ApiServer
const tmp = mkdtempSync(join(tmpdir(), 'minimon-taro-context-'))
beforeAll(async () => {
  dirs = await ensureBuilt(['weapp'], { collector: PLACEHOLDER, out: TEST_OUT })
  api = await startPlaygroundApi({ latencyMs: [2, 5] })
}, 600_000)
afterAll(async () => {
  await api?.close()
  rmSync(tmp, { recursive: true, force: true })
})

it('the error of a tap handler carries the taps, navigations and requests before it, and the user', async () => {
  const c = await startCollector()
  const sim = createSim({ platform: 'wechat' })
  try {
    await sim.launch({ app: copyWithCollector(dirs.weapp, join(tmp, 'weapp'), PLACEHOLDER, c.url) })
    await waitForText(sim, 'Sign in')
    await tap(sim, 'Sign in')
    await tap(sim, 'Requests')
    await sim.idle(20)
    await waitForText(sim, 'GET 200: -')
    await tap(sim, 'GET 200')
    await waitForText(sim, 'GET 200: 200')
    await sim.navigateBack()
    await sim.idle(20)
    await tap(sim, 'Errors')
    await sim.idle(20)
    await waitForText(sim, 'Throw in handler')
    await tap(sim, 'Throw in handler')
    await c.waitFor(() => c.logs.some((l) => String(l.body).includes('Error thrown in a tap handler')), 10_000)
    const log = c.logs.find((l) => String(l.body).includes('Error thrown in a tap handler'))!
    expect(log.attributes['enduser.id']).toBe('demo-user-1')
    const seen = (JSON.parse(String(log.attributes['minimon.breadcrumbs'])) as string[][]).map((x) => x[1] + ' ' + x[2])
    expect(seen.filter((s) => s.startsWith('tap eh #')).length).toBeGreaterThanOrEqual(4)
    expect(seen).toContain('nav Load pages/index/index > pages/requests/index')
    expect(seen).toContain('nav Show pages/requests/index > pages/index/index')
    expect(seen).toContain('nav Load pages/index/index > pages/errors/index')
    expect(seen.some((s) => /^request GET \S+ 200 \d+ms$/.test(s))).toBe(true)
    expect(seen[seen.length - 1]).toMatch(/^tap eh #/)
  } finally {
    sim.kill()
    await c.close()
  }
})
