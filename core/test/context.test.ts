// What led to an error: breadcrumbs, sessions and the user, on the simulated platforms against the collector
// (a real HTTP server on 127.0.0.1, protobuf decoded with the reference decoder), with the OAP contract check.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSim, sleep } from '@minimon/sim'
import { startCollector, type Collector } from '@minimon/collector'
import { start, type Harness } from './harness'
import { startAppServer } from './app-server'
import { sessionEvents } from '../src/extras'
import type { LogRecord } from '@minimon/collector'
import { writeApp } from './apps/app-dir'

let app: Awaited<ReturnType<typeof startAppServer>>
beforeAll(async () => {
  app = await startAppServer()
})
afterAll(() => app.close())

type Crumb = [number, string, string]
const crumbsOf = (l: LogRecord): Crumb[] => JSON.parse(String(l.attributes['minimon.breadcrumbs']))
const request = (h: Harness, url: string) =>
  new Promise<void>((resolve) => (h.sim.api as any).request({ url, method: 'GET', complete: () => resolve() }))
const errorLogs = (h: Harness) => h.collector.logs.filter((l) => l.attributes['exception.type'])
/** Every issue the contract check raised on what arrived (info notes left out). */
const contractIssues = (h: Harness) => h.collector.batches.flatMap((b) => b.check.issues.filter((i) => i.severity !== 'info'))

const shop = (h: Harness) => h.sim.launch({ app: { pages: { 'pages/index/index': {} } } })

/**
 * A native app on disk, loaded as the platforms load it (core and extras from their mini-program builds,
 * init at the top of app.js): its pages register through the global Page(), which the monitor and
 * tapBreadcrumbs wrap.
 */
async function nativeShop(platform: 'wechat' | 'alipay', collector: Collector) {
  const api = platform === 'wechat' ? 'wx' : 'my'
  const dir = writeApp(['pages/index/index', 'pages/detail/detail'], {
    'app.js': `const { init } = require('@minimon/core')
const { tapBreadcrumbs, deviceBreadcrumbs } = require('@minimon/core/extras')
init({ service: 'shop', serviceVersion: '1.4.2', collector: '${collector.url}', flushInterval: 60000, use: [tapBreadcrumbs(), deviceBreadcrumbs(${api})] })
App({})
`,
    'pages/index/index.js': 'Page({ data: { phone: "" }, onBuy() {}, onInput() {} })\n',
    'pages/detail/detail.js': 'Page({})\n',
  })
  const sim = createSim({ platform })
  await sim.launch({ app: dir.dir })
  return { sim, dir, monitor: (sim.api as any).__minimon }
}

describe.each(['wechat', 'alipay'] as const)('breadcrumbs on %s', (platform) => {
  let h: Harness | undefined
  afterEach(async () => {
    await h?.close()
    h = undefined
  })

  it('an error log carries the taps, navigations, requests and device events that led to it, oldest first', async () => {
    const collector = await startCollector({ port: 0 })
    const { sim, dir, monitor } = await nativeShop(platform, collector)
    try {
      // a tap with a dataset: its keys are kept, never its values (nor an input's value)
      await sim.tap('onBuy', undefined, { currentTarget: { id: 'buy', dataset: { sku: 'A1', phone: '13800000000' } } })
      await sim.tap('onInput', undefined, { type: 'input', detail: { value: 'secret input' } })
      await new Promise<void>((resolve) => (sim.api as any).request({ url: app.url + '/v1/goods/12345?token=secret', complete: () => resolve() }))
      await sim.navigateTo('/pages/detail/detail?id=12345')
      await sim.navigateBack()
      sim.networkChange(false)
      sim.memoryWarning(10)
      monitor.addBreadcrumb({ message: 'coupon applied' })
      await sleep(5)
      sim.throwInApp(new Error('checkout failed'))
      await monitor.flush()

      const log = collector.logs.find((l) => l.attributes['exception.type'])!
      const crumbs = crumbsOf(log)
      expect(crumbs.map((c) => c[1])).toEqual(['app', 'nav', 'tap', 'request', 'nav', 'nav', 'network', 'memory', 'custom'])
      expect(crumbs.map((c) => c[2])).toEqual([
        'show',
        'Load  > pages/index/index',
        'onBuy #buy [sku,phone]',
        expect.stringMatching(/^GET \/v1\/goods\/\{id\} 200 \d+ms$/),
        'Load pages/index/index > pages/detail/detail',
        'Show pages/detail/detail > pages/index/index',
        'offline',
        'warning 10',
        'coupon applied',
      ])
      // relative times: negative or 0, oldest first
      const times = crumbs.map((c) => c[0])
      expect(times.every((t) => t <= 0)).toBe(true)
      expect([...times].sort((a, b) => a - b)).toEqual(times)
      const text = JSON.stringify(crumbs)
      for (const secret of ['13800000000', 'A1', 'secret', '12345', 'token']) expect(text).not.toContain(secret)
      expect(collector.batches.flatMap((b) => b.check.issues.filter((i) => i.severity !== 'info'))).toEqual([])
    } finally {
      sim.kill()
      dir.remove()
      await collector.close()
    }
  })

  it('keeps at most maxBreadcrumbs, each at most 200 characters; beforeBreadcrumb scrubs or drops them, and a throwing one only drops its own', async () => {
    h = await start(platform, {
      maxBreadcrumbs: 3,
      beforeBreadcrumb: (b) => {
        if (b.message === 'drop me') return null
        if (b.message === 'throw') throw new Error('scrubber failed')
        if (b.message.startsWith('x')) return { ...b, message: b.message + 'y'.repeat(500) }
        return { ...b, message: b.message.replace(/\d+/g, '#') }
      },
    })
    for (let i = 1; i <= 5; i++) h.monitor.addBreadcrumb({ type: 'step', message: 'step ' + i })
    h.monitor.addBreadcrumb({ message: 'drop me' })
    h.monitor.addBreadcrumb({ message: 'throw' })
    h.monitor.addBreadcrumb({ message: 'x' })
    // anything at all, without throwing into the app
    h.monitor.addBreadcrumb(null as any)
    h.monitor.addBreadcrumb({ message: { toString: () => { throw new Error('hostile') } } } as any)
    h.monitor.captureError(new Error('boom'))
    await h.monitor.flush()
    const crumbs = crumbsOf(errorLogs(h)[0])
    expect(crumbs.map((c) => c[2].slice(0, 6))).toEqual(['step #', 'step #', 'xyyyyy'])
    expect(crumbs[2][2]).toHaveLength(200)
  })

  it('maxBreadcrumbs: 0 keeps none: the error log has no breadcrumbs attribute', async () => {
    h = await start(platform, { maxBreadcrumbs: 0 })
    h.monitor.addBreadcrumb({ message: 'nothing' })
    h.monitor.captureError(new Error('boom'))
    await h.monitor.flush()
    expect(errorLogs(h)[0].attributes).not.toHaveProperty('minimon.breadcrumbs')
  })
})

describe.each(['wechat', 'alipay'] as const)('sessions and users on %s', (platform) => {
  let h: Harness
  afterEach(() => h.close())

  it('session.id and enduser.id go on every log and segment, never on a metric; the default sends nothing outside OAP’s rules', async () => {
    h = await start(platform, { enable: { tracing: true }, tracing: { propagateTo: ['127.0.0.1'] } })
    await shop(h)
    h.monitor.captureError(new Error('before login'))
    h.monitor.setUser({ id: 'u-42' })
    await request(h, app.url + '/status/500')
    h.monitor.captureError(new Error('after login'))
    h.monitor.setUser(null)
    h.monitor.captureError(new Error('after logout'))
    await h.sim.idle(20)
    await h.monitor.flush()

    const logs = errorLogs(h)
    const session = logs[0].attributes['session.id']
    expect(session).toMatch(/^[0-9a-f]{32}$/)
    for (const l of logs) expect(l.attributes['session.id']).toBe(session)
    const user = (m: string) => logs.find((l) => String(l.body).includes(m))!.attributes['enduser.id']
    expect([user('before login'), user('after login'), user('after logout'), user('500')]).toEqual([undefined, 'u-42', undefined, 'u-42'])
    const seg = h.collector.segments[0] as any
    const tags = Object.fromEntries(seg.spans[0].tags.map((t: any) => [t.key, t.value]))
    expect(tags).toMatchObject({ 'session.id': session, 'enduser.id': 'u-42' })
    expect(h.collector.metrics.length).toBeGreaterThan(0)
    for (const m of h.collector.metrics) {
      expect(m.attributes).not.toHaveProperty('session.id')
      expect(m.attributes).not.toHaveProperty('enduser.id')
      expect(m.resource).not.toHaveProperty('session.id')
    }
    // only error logs: no session events by default, and nothing the OAP contract check objects to
    expect(h.collector.logs.every((l) => l.severityNumber === 17)).toBe(true)
    expect(contractIssues(h)).toEqual([])
  })

  it('a session survives a short hide, ends after sessionTimeout hidden, and a kill starts a new one', async () => {
    h = await start(platform, { sessionTimeout: 1000 })
    await shop(h)
    const id = async () => {
      h.monitor.captureError(new Error('probe ' + Math.random()))
      await h.monitor.flush()
      return errorLogs(h).pop()!.attributes['session.id']
    }
    const first = await id()
    await h.sim.hide()
    await sleep(100)
    await h.sim.show()
    expect(await id()).toBe(first)
    await h.sim.hide()
    await sleep(1100)
    await h.sim.show()
    const second = await id()
    expect(second).not.toBe(first)
    h.relaunch()
    await h.sim.launch({ app: { pages: { 'pages/index/index': {} } } })
    const third = await id()
    expect(third).not.toBe(second)
    expect(third).toMatch(/^[0-9a-f]{32}$/)
  })

  it('sessionEvents() sends session.start and session.end (timeout, killed, shutdown) with errors and duration; the contract check says they are for OTLP backends only', async () => {
    h = await start(platform, { sessionTimeout: 1000, use: [sessionEvents()] })
    await shop(h)
    h.monitor.captureError(new Error('one'))
    await h.sim.hide()
    await sleep(1100)
    await h.sim.show()
    h.monitor.captureError(new Error('two'))
    h.monitor.captureError(new Error('three'))
    await h.sim.hide()
    // killed after that hide: the next launch ends that session
    h.relaunch({ use: [sessionEvents()] })
    await h.sim.launch({ app: { pages: { 'pages/index/index': {} } } })
    await h.monitor.flush()
    await h.monitor.shutdown()

    const events = h.collector.logs.filter((l) => l.attributes['event.name'])
    const ends = events.filter((l) => l.attributes['event.name'] === 'session.end')
    const starts = events.filter((l) => l.attributes['event.name'] === 'session.start')
    expect(starts).toHaveLength(3)
    expect(ends.map((l) => [l.attributes['minimon.session.end_reason'], l.attributes['minimon.session.errors']])).toEqual([
      ['timeout', 1],
      ['killed', 2],
      ['shutdown', 0],
    ])
    for (const l of events) {
      expect(l.severityNumber).toBe(9)
      expect(l.body).toBe(l.attributes['event.name'])
      expect(l.attributes['session.id']).toMatch(/^[0-9a-f]{32}$/)
    }
    expect(new Set(starts.map((l) => l.attributes['session.id']))).toEqual(new Set(ends.map((l) => l.attributes['session.id'])))
    expect(ends.every((l) => Number(l.attributes['minimon.session.duration']) >= 0)).toBe(true)
    expect(Number(ends[0].attributes['minimon.session.duration'])).toBeLessThan(1000)
    // OAP would store them in GENERAL: the check says so, and that nothing else is wrong
    expect([...new Set(contractIssues(h).map((i) => i.code))]).toEqual(['session-event'])
  })
})
