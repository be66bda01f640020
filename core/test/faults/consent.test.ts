// Consent, fault-tested: before the user says yes, nothing leaves the device (no request to the collector, no
// trace header to the app's servers) and nothing is written to storage, whatever happens to the app: hidden,
// suspended, killed, relaunched. The simulated platforms (@minimon/sim) against the real local collector.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { sleep } from '@minimon/sim'
import { start, type Harness } from '../harness'
import { startAppServer } from '../app-server'

let app: Awaited<ReturnType<typeof startAppServer>>
beforeAll(async () => {
  app = await startAppServer()
})
afterAll(() => app.close())

const CONSENT = 'minimon:consent:shop'
/** The monitor's keys in the app's storage. */
const keys = (h: Harness) => h.sim.storage.keys().filter((k) => k.startsWith('minimon'))
const request = (h: Harness, path: string) =>
  new Promise<void>((resolve) => (h.sim.api as any).request({ url: app.url + path, complete: () => resolve() }))

/** An app's worth of activity: errors, a failing and a traced request, a navigation. */
async function activity(h: Harness, tag: string) {
  h.monitor.addBreadcrumb({ message: 'crumb ' + tag })
  h.sim.throwInApp(new Error('thrown ' + tag))
  h.monitor.captureError(new Error('captured ' + tag))
  await request(h, '/status/500')
  await request(h, '/echo')
  await h.sim.idle(20)
}

const options = { enable: { tracing: true }, tracing: { propagateTo: ['127.0.0.1'] } }
const sw8Sent = () => app.received.filter((r) => r.headers.sw8).length

describe.each(['wechat', 'alipay'] as const)('consent on %s', (platform) => {
  let h: Harness
  afterEach(() => h.close())
  beforeAll(() => {
    app.received.length = 0
  })

  it("'pending': nothing is sent or stored through flushes, hide, suspension, a kill and a relaunch; setConsent(true) then sends what was kept", async () => {
    h = await start(platform, { ...options, consent: 'pending' })
    await h.sim.launch({ app: { pages: { 'pages/index/index': {} } } })
    const before = sw8Sent()
    await activity(h, 'one')
    await h.monitor.flush()
    await h.sim.hide()
    // past the suspension: the one send a hide tries would have happened by now
    await sleep(600)
    expect(h.collector.requests).toEqual([])
    expect(keys(h)).toEqual([])
    expect(sw8Sent()).toBe(before)

    // killed without a word, launched again: still not asked, still nothing
    h.relaunch({ ...options, consent: 'pending' })
    await h.sim.launch({ app: { pages: { 'pages/index/index': {} } } })
    await activity(h, 'two')
    await h.monitor.flush()
    expect(h.collector.requests).toEqual([])
    expect(keys(h)).toEqual([])

    h.monitor.setConsent(true)
    await h.sim.idle(50)
    await h.monitor.flush()
    const bodies = h.collector.logs.map((l) => String(l.body))
    expect(bodies).toEqual(expect.arrayContaining([expect.stringContaining('thrown two'), expect.stringContaining('captured two')]))
    // what the killed run kept in memory only is gone with it
    expect(bodies.some((b) => b.includes('one'))).toBe(false)
    const captured = h.collector.logs.find((l) => String(l.body).includes('captured two'))!
    expect(String(captured.attributes['minimon.breadcrumbs'])).toContain('crumb two')
    expect(h.collector.metrics.length).toBeGreaterThan(0)
    // from now on as usual: trace headers to allowed hosts, persistence on hide
    await request(h, '/echo')
    expect(sw8Sent()).toBe(before + 1)
    h.monitor.captureError(new Error('after consent'))
    await h.sim.hide()
    expect(keys(h)).toContain('minimon:shop')
    expect(keys(h)).not.toContain(CONSENT)
  })

  it('setConsent(false) drops what was kept and stored, and nothing is collected or sent after it', async () => {
    h = await start(platform, { ...options, collector: 'http://127.0.0.1:9' })
    await h.sim.launch({ app: { pages: { 'pages/index/index': {} } } })
    await activity(h, 'stored')
    // the collector cannot be reached: the hide writes everything down
    await h.sim.hide()
    await h.sim.show()
    expect(keys(h)).toContain('minimon:shop')
    h.monitor.setConsent(false)
    expect(keys(h)).toEqual([])
    const before = sw8Sent()
    await activity(h, 'refused')
    await h.sim.hide()
    await h.sim.show()
    expect(keys(h)).toEqual([])
    expect(sw8Sent()).toBe(before)
    // a relaunch with the collector back finds nothing to send
    h.relaunch({ ...options })
    await h.monitor.flush()
    expect(h.collector.logs.filter((l) => /stored|refused/.test(String(l.body)))).toEqual([])
  })

  it("'remember': nothing stored behaves as 'pending'; the answer is stored and used on the next launches", async () => {
    h = await start(platform, { ...options, consent: 'remember' })
    await activity(h, 'unasked')
    await h.sim.hide()
    expect(h.collector.requests).toEqual([])
    expect(keys(h)).toEqual([])

    h.monitor.setConsent(true)
    await h.monitor.flush()
    expect(keys(h)).toEqual([CONSENT])
    expect(h.collector.logs.some((l) => String(l.body).includes('unasked'))).toBe(true)

    // given once: the next launch sends without asking
    h.relaunch({ ...options, consent: 'remember' })
    await activity(h, 'remembered yes')
    await h.monitor.flush()
    expect(h.collector.logs.some((l) => String(l.body).includes('remembered yes'))).toBe(true)

    // withdrawn: remembered too; the next launch collects and sends nothing, and stores nothing but the answer
    h.monitor.setConsent(false)
    h.relaunch({ ...options, consent: 'remember' })
    const sent = h.collector.requests.length
    const before = sw8Sent()
    await activity(h, 'remembered no')
    await h.monitor.flush()
    await h.sim.hide()
    await sleep(600)
    expect(h.collector.requests.length).toBe(sent)
    expect(sw8Sent()).toBe(before)
    expect(keys(h)).toEqual([CONSENT])
  })

  it("'pending' and killed without a hide: storage holds nothing, the next launch sends nothing", async () => {
    h = await start(platform, { ...options, consent: 'pending' })
    await activity(h, 'killed')
    h.relaunch({ ...options })
    await h.monitor.flush()
    await sleep(50)
    expect(h.collector.logs.filter((l) => String(l.body).includes('killed'))).toEqual([])
    expect(keys(h)).toEqual([])
  })
})
