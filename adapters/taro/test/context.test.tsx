// Breadcrumbs, the user and consent through useMonitor(), under Taro's real React runtime in the simulated
// WeChat runtime, against the collector.
import { afterEach, beforeEach, expect, it } from 'vitest'
import { Text, View } from '@tarojs/components'
import { shutdown } from '@minimon/core'
import { startCollector, type Collector } from '@minimon/collector'
import { MonitorProvider, useMonitor } from '../src'
import { boot, current, tapText } from './harness'

let c: Collector
beforeEach(async () => {
  c = await startCollector()
})
afterEach(async () => {
  await shutdown()
  current.sim?.kill()
  await c.close()
})

const errors = () => c.logs.filter((l) => l.attributes['exception.type'])

function Checkout() {
  const m = useMonitor()!
  return (
    <View>
      <View onClick={() => m.setConsent(true)}>
        <Text>agree</Text>
      </View>
      <View onClick={() => m.setUser({ id: 'u-7' })}>
        <Text>login</Text>
      </View>
      <View
        onClick={() => {
          m.addBreadcrumb({ type: 'cart', message: 'coupon applied' })
          m.captureError(new Error('checkout failed'), { 'exception.type': 'payment' })
        }}
      >
        <Text>pay</Text>
      </View>
    </View>
  )
}

it('useMonitor() asks for consent, sets the user and adds breadcrumbs: nothing leaves before consent, then the error carries them', async () => {
  function App({ children }: any) {
    return <MonitorProvider options={{ service: 'taro-test', collector: c.url, flushInterval: 100, consent: 'pending' }}>{children}</MonitorProvider>
  }
  const sim = await boot(App, { 'pages/checkout/index': Checkout })
  await tapText(sim, 'login')
  await tapText(sim, 'pay')
  await sim.idle(300)
  // pending: kept in memory only
  expect(c.requests).toEqual([])
  expect(sim.storage.keys().filter((k) => k.startsWith('minimon'))).toEqual([])

  await tapText(sim, 'agree')
  await c.waitFor(() => errors().length > 0)
  const a = errors()[0].attributes
  expect(a).toMatchObject({ 'exception.type': 'payment', 'enduser.id': 'u-7' })
  expect(a['session.id']).toMatch(/^[0-9a-f]{32}$/)
  const crumbs = JSON.parse(String(a['minimon.breadcrumbs']))
  expect(crumbs.map((x: unknown[]) => x[1] + ' ' + x[2])).toContain('cart coupon applied')
  expect(crumbs.some((x: unknown[]) => x[1] === 'nav' && String(x[2]).endsWith('pages/checkout/index'))).toBe(true)
})
