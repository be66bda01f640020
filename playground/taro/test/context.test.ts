// What led to an error, in the compiled weapp and alipay builds of the Taro playground: the user signs in, opens
// the requests page and the errors page, and a tap handler throws; its log carries the taps, navigations and
// requests before it, and the user. (The tt, swan, qq and jd builds: the same checks on their journey, in
// platforms.test.ts.)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSim } from '@minimon/sim'
import { startCollector } from '@minimon/collector'
import { TEST_OUT, TEST_PLACEHOLDER as PLACEHOLDER, copyWithCollector, ensureBuilt } from '../scripts/build.mjs'
import { alipayNavigator, tap, waitForText } from '../scripts/journey.mjs'
import { startPlaygroundApi, type ApiServer } from '../../test-support/api-server.mjs'
import { crumbsOf, expectTapsNavigationsRequests } from './breadcrumbs'

let dirs: Record<string, string>
let api: ApiServer
const tmp = mkdtempSync(join(tmpdir(), 'minimon-taro-context-'))
beforeAll(async () => {
  dirs = await ensureBuilt(['weapp', 'alipay'], { collector: PLACEHOLDER, out: TEST_OUT })
  api = await startPlaygroundApi({ latencyMs: [2, 5] })
}, 600_000)
afterAll(async () => {
  await api?.close()
  rmSync(tmp, { recursive: true, force: true })
})

describe.each([
  ['weapp', 'wechat'],
  ['alipay', 'alipay'],
] as const)('%s build', (target, platform) => {
  it('the error of a tap handler carries the taps, navigations and requests before it, and the user', async () => {
    const c = await startCollector()
    const sim = createSim({ platform })
    // Taro's alipay runtime reads navigator.userAgent, which Alipay has and the sim does not (yet).
    const restore = platform === 'alipay' ? alipayNavigator() : () => {}
    try {
      await sim.launch({ app: copyWithCollector(dirs[target], join(tmp, target), PLACEHOLDER, c.url) })
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
      expect(log.resource['miniprogram.platform']).toBe(platform)
      expect(log.attributes['enduser.id']).toBe('demo-user-1')
      // Sign in, Requests, GET 200, Errors, Throw in handler
      expectTapsNavigationsRequests(crumbsOf(log), 5)
    } finally {
      sim.kill()
      restore()
      await c.close()
    }
  })
})
