// docs/attributes.md lists every attribute minimon sends and why. This runs the monitor in the simulated
// WeChat host against the local collector through every signal (errors of each type, requests that succeed,
// fail with a status and fail without one, performance, a drop, traces, session events) and checks that each
// resource attribute, log attribute, metric name, data-point attribute and span tag that arrived has a row
// of its own in that document: a key named only in prose does not count.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { sessionEvents } from '../src/extras'
import { startAppServer } from './app-server'
import { start, type Harness } from './harness'

const DOC = resolve(__dirname, '../../docs/attributes.md')

/** The names in backticks in the first cell of each table row of the document. */
function documentedKeys(md: string): Set<string> {
  const keys = new Set<string>()
  for (const line of md.split('\n')) {
    const cell = /^\|([^|]*)\|/.exec(line)
    if (cell) for (const m of cell[1].matchAll(/`([^`]+)`/g)) keys.add(m[1])
  }
  return keys
}

let app: Awaited<ReturnType<typeof startAppServer>>
let h: Harness | undefined
beforeAll(async () => {
  app = await startAppServer()
})
afterAll(() => app.close())
// (the test closes the monitor itself, for session.end; this is for a test that failed before)
afterEach(() => h?.close())

/** Finishes one `wx.request` (whatever its outcome). */
const request = (on: Harness, url: string) =>
  new Promise<void>((resolve) => (on.sim.api as any).request({ url, complete: () => resolve() }))

describe('docs/attributes.md', () => {
  it('has a row for every attribute, metric and span tag the monitor sends', async () => {
    const harness = await start('wechat', {
      enable: { tracing: true },
      tracing: { propagateTo: ['127.0.0.1'] },
      use: [sessionEvents()],
      // one error dropped on purpose: minimon.dropped and its reason
      beforeSend: (e) => (e.kind === 'error' && e.message.includes('dropped on purpose') ? null : e),
    })
    h = harness
    const m = () => harness.monitor
    const page = (route: string) => ({
      onLoad: () => m().lifecycle('pageLoad', route),
      onShow: () => m().lifecycle('pageShow', route),
      onReady: () => m().lifecycle('pageReady', route),
      onHide: () => m().lifecycle('pageHide', route),
      onUnload: () => m().lifecycle('pageUnload', route),
    })
    await harness.sim.launch({
      app: {
        app: { onLaunch: () => m().lifecycle('appLaunch') },
        pages: { 'pages/index/index': page('pages/index/index'), 'pages/pay/pay': page('pages/pay/pay') },
      },
    })
    m().setUser({ id: 'u-1' })
    m().addBreadcrumb({ message: 'opened the cart' })
    await request(harness, app.url + '/echo?x=1')
    await request(harness, app.url + '/status/404')
    // a closed port: a failure without a status
    await request(harness, 'http://127.0.0.1:1/orders')
    m().lifecycle('routeStart')
    await harness.sim.navigateTo('/pages/pay/pay')
    harness.sim.throwInApp(new TypeError('cannot read property "id" of undefined'))
    harness.sim.rejectInApp(new Error('order failed'))
    // twice: folded into one log with exception.count
    m().captureError(new Error('payment declined'), { 'exception.type': 'payment' })
    m().captureError(new Error('payment declined'), { 'exception.type': 'payment' })
    m().captureError(new Error('dropped on purpose'))
    harness.sim.pageNotFound('pages/missing/missing')
    await harness.sim.navigateBack()
    await harness.sim.idle(30)
    await m().flush()
    // a second flush carries the drop counted in the first
    await m().flush()
    h = undefined
    await harness.close()

    const c = harness.collector
    const types = c.logs.map((l) => l.attributes['exception.type'])
    expect(types).toEqual(expect.arrayContaining(['js', 'promise', 'payment', 'ajax', 'pageNotFound']))
    const ajax = c.logs.filter((l) => l.attributes['exception.type'] === 'ajax')
    expect(ajax.map((l) => l.attributes['http.response.status_code'] ?? 'none').sort()).toEqual([404, 'none'])
    expect(c.logs.map((l) => l.attributes['event.name'])).toEqual(expect.arrayContaining(['session.start', 'session.end']))
    expect(c.metrics.map((p) => p.name)).toEqual(expect.arrayContaining(['miniprogram.request.duration', 'minimon.dropped', 'miniprogram.page_stay.duration']))
    expect(c.segments.length).toBeGreaterThan(0)

    const sent = new Map<string, string>()
    const note = (keys: Iterable<string>, where: string) => {
      for (const k of keys) if (!sent.has(k)) sent.set(k, where)
    }
    for (const l of c.logs) {
      note(Object.keys(l.resource), 'resource')
      note(Object.keys(l.attributes), 'log ' + (l.attributes['exception.type'] ?? l.attributes['event.name']))
    }
    for (const p of c.metrics) {
      note(Object.keys(p.resource), 'resource')
      note([p.name], 'metric')
      note(Object.keys(p.attributes), p.name)
    }
    for (const s of c.segments) for (const span of s.spans ?? []) note((span.tags ?? []).map((t: { key: string }) => t.key), 'span tag')

    const documented = documentedKeys(readFileSync(DOC, 'utf8'))
    const missing = [...sent].filter(([k]) => !documented.has(k)).map(([k, where]) => `${k} (${where})`)
    expect(missing, 'sent but not in docs/attributes.md').toEqual([])
  })
})
