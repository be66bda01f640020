// Breadcrumbs, the user and consent through useMonitor() and this.$monitor, under uni's real Vue runtime in
// the simulated WeChat and Alipay runtimes, against the collector.
import { afterEach, describe, expect, it } from 'vitest'
import { bootUni, type Modules, type UniApp } from './harness'

let u: UniApp | undefined
afterEach(async () => {
  await u?.close()
  u = undefined
})

const INDEX = 'pages/index/index'

describe.each(['wechat', 'alipay'] as const)('on %s', (platform) => {
  it('this.$monitor and useMonitor() ask for consent, set the user and add breadcrumbs; nothing leaves before consent', async () => {
    let agree = () => {}
    const pages = ({ vue, uniApp }: Modules) => ({
      [INDEX]: vue.defineComponent({
        name: 'Index',
        setup() {
          const self = vue.getCurrentInstance()!.proxy!
          const m = u!.adapter.useMonitor()
          agree = () => self.$monitor.setConsent(true)
          uniApp.onReady(() => {
            self.$monitor.setUser({ id: 'u-9' })
            m.addBreadcrumb({ type: 'cart', message: 'coupon applied' })
            self.$monitor.captureError(new Error('checkout failed'))
          })
          return () => null
        },
      }),
    })
    u = await bootUni(platform, { pages, options: { consent: 'pending' } })
    await u.launch()
    await u.sim.idle(50)
    await u.core.getMonitor()!.flush()
    expect(u.collector.requests).toEqual([])
    expect(u.sim.storage.keys().filter((k) => k.startsWith('minimon'))).toEqual([])

    agree()
    await u.collector.waitFor((c) => c.logs.length > 0)
    const a = u.collector.logs[0].attributes
    expect(a['enduser.id']).toBe('u-9')
    expect(a['session.id']).toMatch(/^[0-9a-f]{32}$/)
    const crumbs = JSON.parse(String(a['minimon.breadcrumbs']))
    expect(crumbs.map((x: unknown[]) => x[1] + ' ' + x[2])).toContain('cart coupon applied')
    expect(crumbs.some((x: unknown[]) => x[1] === 'nav' && String(x[2]).endsWith(INDEX))).toBe(true)
  })
})
