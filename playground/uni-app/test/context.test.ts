// What led to an error, in the uni-app demo as built for WeChat and Alipay: the user signs in, opens the
// privacy page and goes back, and an error is thrown; its log carries the taps (recorded by the adapter from
// uni's event invokers) and navigations before it, and the user.
import { startCollector, type Collector } from '@minimon/collector'
import { createSim } from '@minimon/sim'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tapById } from '../scripts/journey.mjs'
import { buildTarget, outDir } from '../scripts/targets.mjs'

let collector: Collector
beforeAll(async () => {
  collector = await startCollector({ port: 0 })
}, 30_000)
afterAll(() => collector?.close())

describe.each([
  ['wechat', 'mp-weixin'],
  ['alipay', 'mp-alipay'],
] as const)('on %s (%s build)', (platform, target) => {
  beforeAll(async () => {
    // a build of its own (dist/context/<target>): the journey's builds may be in use meanwhile
    await buildTarget(target, { collector: collector.url, kind: 'context' })
  }, 180_000)

  it('an error after signing in and opening a page carries the taps and navigations, and the user', async () => {
    const dir = outDir(target, 'context')
    const sim = createSim({ platform })
    const uninstall = sim.install()
    try {
      await sim.launch({ app: dir })
      await sim.idle(50)
      await tapById(sim, dir, 'sign-in')
      await tapById(sim, dir, 'open-consent')
      await sim.idle(50)
      await sim.navigateBack()
      await sim.idle(50)
      sim.throwInApp(new Error('after the privacy page'))
      await collector.waitFor((c) => c.logs.some((l) => String(l.body).includes('after the privacy page') && l.resource['miniprogram.platform'] === platform), 10_000)
      const log = collector.logs.find((l) => String(l.body).includes('after the privacy page') && l.resource['miniprogram.platform'] === platform)!
      expect(log.attributes['enduser.id']).toBe('demo-user-1')
      // (a tap names its handler as the production build left it: minified, so any name)
      const seen = (JSON.parse(String(log.attributes['minimon.breadcrumbs'])) as string[][]).map((x) => x[1] + ' ' + x[2].replace(/^\S+ (?=#)/, '<handler> '))
      expect(seen).toEqual([
        'app show',
        'nav Load  > pages/index/index',
        'tap <handler> #sign-in',
        'tap <handler> #open-consent',
        'nav Load pages/index/index > pages/consent/consent',
        'nav Show pages/consent/consent > pages/index/index',
      ])
    } finally {
      sim.kill()
      uninstall()
    }
  })
})
