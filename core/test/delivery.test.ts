import { startCollector } from '@minimon/collector'
import { afterEach, describe, expect, it } from 'vitest'
import { eventually, start, type Harness, type Platform } from './harness'

const KEY = 'minimon:shop'
const platforms: Platform[] = ['wechat', 'alipay']

function storedRecords(h: Harness, key = KEY): any[] {
  const raw = h.sim.platform === 'alipay' ? (h.sim.api as any).getStorageSync({ key }).data : (h.sim.api as any).getStorageSync(key)
  return raw ? JSON.parse(raw).r : []
}

describe.each(platforms)('delivery on %s', (platform) => {
  let h: Harness
  afterEach(() => h?.close())

  it('collector down → hide → kill → relaunch: every error delivered exactly once', async () => {
    const down = await startCollector({ port: 0 })
    const port = down.port
    await down.close()
    // a monitor whose collector is unreachable for the whole session
    h = await start(platform, { service: 'shop-down', collector: `http://127.0.0.1:${port}` })
    h.sim.throwInApp(new Error('first'))
    h.monitor.captureError(new Error('second'))
    await h.sim.hide()
    expect(storedRecords(h, 'minimon:shop-down').map((r) => r.message).sort()).toEqual(['Error: first', 'Error: second'])
    // the collector comes back; the app is killed in the background and launched again
    const up = await startCollector({ port })
    h.relaunch()
    // (a monitor of an earlier test may still retry to a port the OS handed out again: look at ours only)
    const ours = () => up.logs.filter((l) => l.resource['service.name'] === 'shop-down')
    await eventually(() => expect(ours()).toHaveLength(2))
    expect(ours().map((l) => l.body).sort()).toEqual(['Error: first', 'Error: second'])
    await eventually(() => expect(storedRecords(h, 'minimon:shop-down')).toHaveLength(0))
    // a further relaunch sends nothing again
    h.relaunch()
    await h.monitor.flush()
    expect(ours()).toHaveLength(2)
    await h.close()
    await up.close()
  })

  it('hide → show → hide → kill loses nothing and stores nothing twice', async () => {
    h = await start(platform)
    h.collector.faults.push({ status: 503, times: 100 })
    h.sim.throwInApp(new Error('a'))
    await h.sim.hide()
    await h.sim.show()
    h.sim.throwInApp(new Error('b'))
    await h.sim.hide()
    await h.sim.show()
    h.monitor.captureError(new Error('c'))
    await h.sim.hide()
    const stored = storedRecords(h)
    expect(stored.map((r) => r.message).sort()).toEqual(['Error: a', 'Error: b', 'Error: c'])
    expect(new Set(stored.map((r) => r.id)).size).toBe(stored.length)
    h.collector.faults.length = 0
    h.relaunch()
    await eventually(() => expect(h.collector.logs.map((l) => l.body).sort()).toEqual(['Error: a', 'Error: b', 'Error: c']))
  })

  it('sends on its own within flushInterval, and keeps no timer while nothing waits', async () => {
    h = await start(platform, { flushInterval: 150 })
    // an idle app is never woken by the monitor
    expect(h.sim.pendingTimers).toBe(0)
    h.monitor.captureError(new Error('on its own'))
    expect(h.sim.pendingTimers).toBe(1)
    // a second event shares the pending send
    h.monitor.captureError(new Error('same batch'))
    expect(h.sim.pendingTimers).toBe(1)
    await eventually(() => expect(h.collector.logs.map((l) => l.body).sort()).toEqual(['Error: on its own', 'Error: same batch']))
    expect(h.collector.requests.filter((r) => r.path === '/v1/logs')).toHaveLength(1)
    expect(h.sim.pendingTimers).toBe(0)
  })

  it('503 with Retry-After: waits as told, then delivers', async () => {
    h = await start(platform)
    h.collector.faults.push({ status: 503, headers: { 'Retry-After': '1' }, path: '/v1/logs' })
    h.monitor.captureError(new Error('later'))
    const t0 = Date.now()
    await h.monitor.flush()
    expect(h.collector.logs).toHaveLength(0)
    // a flush inside the Retry-After window does not send
    await h.monitor.flush()
    expect(h.collector.requests.filter((r) => r.path === '/v1/logs')).toHaveLength(1)
    await eventually(() => expect(h.collector.logs).toHaveLength(1), 4000)
    const attempts = h.collector.requests.filter((r) => r.path === '/v1/logs')
    expect(attempts).toHaveLength(2)
    expect(attempts[1].at - t0).toBeGreaterThanOrEqual(950)
  })

  it('400 is not retried; the drop is reported by the self-telemetry metric', async () => {
    h = await start(platform)
    h.collector.faults.push({ status: 400, path: '/v1/logs' })
    h.monitor.captureError(new Error('malformed?'))
    await h.monitor.flush()
    await h.monitor.flush()
    expect(h.collector.requests.filter((r) => r.path === '/v1/logs')).toHaveLength(1)
    expect(h.collector.logs).toHaveLength(0)
    await h.monitor.flush()
    const dropped = h.collector.metrics.filter((m) => m.name === 'minimon.dropped')
    expect(dropped.map((m) => [m.attributes.reason, m.value])).toEqual([['rejected_400', 1]])
  })

  it('network errors and 5xx are retried with backoff until delivered', async () => {
    h = await start(platform)
    h.collector.faults.push({ status: 500, path: '/v1/logs' }, { resetAfterBytes: 1, path: '/v1/logs' })
    h.monitor.captureError(new Error('eventually'))
    await h.monitor.flush()
    await eventually(() => expect(h.collector.logs).toHaveLength(1), 8000)
    expect(h.collector.requests.filter((r) => r.path === '/v1/logs').length).toBeGreaterThanOrEqual(3)
  }, 15000)

  it('keeps what it stores within the per-key limit of the platform, newest first', async () => {
    h = await start(platform, { maxQueue: 5000 })
    h.collector.faults.push({ status: 503, times: 100 })
    const big = 'x'.repeat(900)
    for (let i = 0; i < 1500; i++) h.monitor.captureError(new Error(`e${i} ${big}`))
    await h.sim.hide()
    const raw = platform === 'alipay' ? (h.sim.api as any).getStorageSync({ key: KEY }).data : (h.sim.api as any).getStorageSync(KEY)
    const limit = platform === 'alipay' ? 200 * 1024 : 1024 * 1024
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(limit)
    const stored = JSON.parse(raw).r
    expect(stored.length).toBeGreaterThan(10)
    expect(stored[stored.length - 1].message).toContain('e1499 ')
  })

  it('bounded queue: the oldest are dropped first and counted', async () => {
    h = await start(platform, { maxQueue: 20 })
    h.collector.faults.push({ status: 503, times: 1 })
    for (let i = 0; i < 30; i++) h.monitor.captureError(new Error('e' + i))
    await h.monitor.flush()
    await eventually(() => expect(h.collector.logs.length).toBeGreaterThan(0), 5000)
    await eventually(async () => {
      await h.monitor.flush()
      expect(h.collector.metrics.some((m) => m.name === 'minimon.dropped' && m.attributes.reason === 'queue_full')).toBe(true)
    }, 5000)
    const bodies = h.collector.logs.map((l) => String(l.body))
    expect(bodies).not.toContain('Error: e0')
    expect(bodies).toContain('Error: e29')
  })
})

describe('the exporter', () => {
  let h: Harness
  afterEach(() => h?.close())

  it('never observes its own requests, even to the trace collector', async () => {
    h = await start('wechat', { enable: { tracing: true }, tracing: { propagateTo: ['127.0.0.1'] } })
    h.monitor.captureError(new Error('x'))
    await h.monitor.flush()
    await h.monitor.flush()
    expect(h.collector.metrics.filter((m) => m.name === 'miniprogram.request.duration')).toHaveLength(0)
    expect(h.collector.segments).toHaveLength(0)
    expect(h.collector.requests.every((r) => !r.headers['sw8'])).toBe(true)
  })

  it('sends at most 2 requests at once', async () => {
    h = await start('wechat', { enable: { tracing: true } })
    h.collector.faults.push({ delayMs: 300, times: 3 })
    h.monitor.captureError(new Error('x'))
    ;(h.sim.api as any).request({ url: h.collector.url.replace('127.0.0.1', 'localhost') + '/elsewhere', fail() {} })
    await new Promise((r) => setTimeout(r, 100))
    const t0 = Date.now()
    await h.monitor.flush()
    const times = h.collector.requests.filter((r) => r.path.startsWith('/v')).map((r) => r.at - t0)
    expect(times).toHaveLength(3)
    // the third request starts only once one of the first two has been answered
    expect(times.sort((a, b) => a - b)[2]).toBeGreaterThanOrEqual(250)
  })
})
