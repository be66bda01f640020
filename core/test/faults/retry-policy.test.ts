// The retry policy docs/reliability.md states, measured: which answers are retried, the backoff and its
// jitter, Retry-After (seconds or a date, capped at 10 min, never sooner than the backoff), the 10 s request
// timeout, and at most 2 requests in flight.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { backoff, retryable, retryAfter } from '../../src/pipeline/retry'
import { Rig, sleep } from './rig'

describe('retry policy (pure)', () => {
  afterEach(() => vi.restoreAllMocks())

  it('retries network errors (0), 408, 429 and 5xx; nothing else', () => {
    for (const s of [0, 408, 429, 500, 502, 503, 504, 599]) expect(retryable(s), String(s)).toBe(true)
    for (const s of [200, 204, 301, 304, 400, 401, 403, 404, 405, 413, 415, 422]) expect(retryable(s), String(s)).toBe(false)
  })

  it('backs off exponentially from 1 s to 60 s, with jitter between half and all of it', () => {
    const at = (attempt: number, r: number) => {
      vi.spyOn(Math, 'random').mockReturnValue(r)
      const ms = backoff(attempt)
      vi.restoreAllMocks()
      return ms
    }
    const full = [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]
    full.forEach((f, i) => {
      expect(at(i + 1, 0)).toBe(f / 2)
      expect(at(i + 1, 0.999999)).toBeCloseTo(f, -1)
    })
    expect(at(1000, 0.5)).toBe(45000)
  })

  it('reads Retry-After as seconds or an HTTP date, any header case, capped at 10 minutes', () => {
    expect(retryAfter({ 'Retry-After': '7' })).toBe(7000)
    expect(retryAfter({ 'retry-after': ' 3 ' })).toBe(3000)
    expect(retryAfter({ 'RETRY-AFTER': '0' })).toBe(0)
    expect(retryAfter({ 'Retry-After': '86400' })).toBe(600_000)
    const inAMinute = new Date(Date.now() + 60_000).toUTCString()
    expect(retryAfter({ 'Retry-After': inAMinute })).toBeGreaterThan(58_000)
    expect(retryAfter({ 'Retry-After': inAMinute })).toBeLessThanOrEqual(60_000)
    expect(retryAfter({ 'Retry-After': new Date(Date.now() + 86400_000).toUTCString() })).toBe(600_000)
    expect(retryAfter({ 'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT' })).toBe(0)
    expect(retryAfter({})).toBe(-1)
    expect(retryAfter({ 'Retry-After': 'soon' })).toBe(-1)
    expect(retryAfter({ 'Retry-After': '' })).toBe(-1)
  })
})

describe.each(['wechat', 'alipay'] as const)('retry policy on %s, measured against the collector', (platform) => {
  let r: Rig
  afterEach(() => r?.close())

  it('Retry-After: 0 (or a date in the past) still waits the backoff: no tight retry loop', async () => {
    r = await Rig.start(platform)
    r.collector.faults.push({ status: 503, headers: { 'Retry-After': '0' }, times: 1000, path: '/v1/logs' })
    r.errors(3)
    await r.monitor.flush()
    await sleep(1200)
    // backoff at its minimum jitter: attempts at 0, 0.5 s, 1.5 s
    const attempts = r.collector.requests.filter((q) => q.path === '/v1/logs').length
    expect(attempts).toBeGreaterThanOrEqual(2)
    expect(attempts).toBeLessThanOrEqual(3)
  })

  it('asks the platform for a 10 s timeout on every send', async () => {
    r = await Rig.start(platform)
    r.errors(3)
    await r.settle(3)
    expect(r.sdkTimeouts.length).toBeGreaterThan(0)
    expect(new Set(r.sdkTimeouts)).toEqual(new Set([10_000]))
  })

  it('keeps at most 2 requests in flight, however many flushes pile up', async () => {
    r = await Rig.start(platform, {}, 'late')
    const proxy = r.late!
    proxy.delays.push(300, 300, 300, 300, 300, 300)
    const flushes: Promise<void>[] = []
    for (let i = 0; i < 6; i++) {
      r.errors(1)
      flushes.push(r.monitor.flush())
    }
    // answers are held 300 ms each: sample what is open at the proxy until all six were answered
    let most = 0
    const done = Promise.all(flushes)
    let finished = false
    void done.then(() => (finished = true))
    while (!finished) {
      most = Math.max(most, proxy.open())
      await sleep(5)
    }
    expect(most).toBe(2)
    expect(r.tally()).toMatchObject({ generated: 6, delivered: 6, duplicated: 0 })
  })
})
