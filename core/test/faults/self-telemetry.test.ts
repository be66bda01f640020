// Self-telemetry: whatever the SDK had to drop is reported on the next flush as `minimon.dropped`, a
// monotonic DELTA Sum with one data point per `reason` (value = records dropped in the window), which the
// OAP's mini-program rules ignore. See docs/reliability.md for the reasons.
import { afterEach, describe, expect, it } from 'vitest'
import { Rig, sleep } from './rig'

const dropped = (r: Rig) => r.collector.metrics.filter((m) => m.name === 'minimon.dropped')

describe.each(['wechat', 'alipay'] as const)('minimon.dropped on %s', (platform) => {
  let r: Rig
  afterEach(() => r?.close())

  it('counts by reason, reports on the next flush, once, as a monotonic DELTA integer Sum the OAP ignores', async () => {
    let veto = 0
    r = await Rig.start(platform, {
      maxQueue: 10,
      request: { maxGroups: 1 },
    })
    // queue_full: 14 errors into a queue of 10 (nothing flushed in between)
    r.errors(14)
    await r.monitor.flush()
    await r.settle(10)
    // before_send / before_send_error: the app's beforeSend vetoes or throws
    r.relaunch({
      beforeSend(e) {
        if (e.kind === 'error' && /veto/.test(e.message)) return null
        if (e.kind === 'error' && /throw/.test(e.message)) throw new Error('app bug')
        veto++
        return e
      },
    })
    r.monitor.captureError(new Error('veto 1'))
    r.monitor.captureError(new Error('veto 2'))
    r.monitor.captureError(new Error('throw 1'))
    // cardinality: a second URL group past maxGroups = 1
    const request = (url: string) => new Promise((done) => r.sim.api.request({ url, complete: done }))
    await request('http://127.0.0.1:1/a')
    await request('http://127.0.0.1:1/b')
    await r.monitor.flush()
    await r.monitor.flush()
    await sleep(50)
    await r.monitor.flush()
    const points = dropped(r)
    const by = (reason: string) => points.filter((p) => p.attributes.reason === reason)
    expect(by('queue_full').map((p) => p.value)).toEqual([4])
    expect(by('before_send').map((p) => p.value)).toEqual([2])
    expect(by('before_send_error').map((p) => p.value)).toEqual([1])
    expect(by('cardinality').map((p) => p.value)).toEqual([1])
    for (const p of points) {
      expect(p).toMatchObject({ type: 'sum', temporality: 1, isMonotonic: true, valueType: 'int', unit: '1' })
      expect(Object.keys(p.attributes)).toEqual(['reason'])
      expect(BigInt(p.startTimeUnixNano!)).toBeLessThanOrEqual(BigInt(p.timeUnixNano))
      expect(p.resource['service.name']).toBe('shop')
    }
    // no OAP rule reads it: the contract check counts it as ignored, never as an error
    const batches = r.collector.batches.filter((b) => b.kind === 'metrics')
    expect(batches.flatMap((b) => b.check.issues).filter((i) => i.metric === 'minimon.dropped' && i.severity !== 'info')).toEqual([])
    expect(batches.flatMap((b) => b.check.fed).some((f) => /dropped/.test(f.metric))).toBe(false)
    // reported once: more flushes add nothing
    await r.monitor.flush()
    await r.monitor.flush()
    expect(dropped(r)).toHaveLength(points.length)
    expect(veto).toBeGreaterThan(0)
  })

  it('windows follow each other: each point starts where the previous report ended', async () => {
    r = await Rig.start(platform, { beforeSend: (e) => (e.kind === 'error' ? null : e) })
    for (let i = 0; i < 3; i++) {
      r.monitor.captureError(new Error('x' + i))
      await r.monitor.flush()
      await r.monitor.flush()
    }
    const points = dropped(r)
    expect(points.map((p) => p.value)).toEqual([1, 1, 1])
    for (let i = 1; i < points.length; i++) expect(points[i].startTimeUnixNano).toBe(points[i - 1].timeUnixNano)
  })

  it('a full queue keeps counting instead of pushing out queued errors for its own reports', async () => {
    r = await Rig.start(platform, { maxQueue: 10 }, 'down')
    r.errors(15)
    await r.monitor.flush()
    // flushes while the collector is away (interval, hide, the app): each used to turn a queued error into a report
    for (let i = 0; i < 8; i++) await r.monitor.flush()
    await r.collectorUp()
    await r.settle('some', 4000)
    const t = r.tally()
    expect(t.delivered).toBe(10)
    expect(t.dropped).toEqual({ queue_full: 5 })
  })

  it('the reports of a session killed offline arrive with the next launch, when the hide stored them', async () => {
    r = await Rig.start(platform, { beforeSend: (e) => (e.kind === 'error' && /veto/.test(e.message) ? null : e) }, 'down')
    r.monitor.captureError(new Error('veto'))
    r.errors(3)
    await r.sim.hide()
    await r.collectorUp()
    r.relaunch()
    await r.settle(3)
    // the vetoed error's count was queued as a point before the hide wrote storage
    expect(r.tally().dropped).toEqual({ before_send: 1 })
  })
})
