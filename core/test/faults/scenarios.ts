// The scenarios of the fault matrix. Each runs one app through one fault and returns the tally; `guarantee`
// says what the SDK promises for it (docs/reliability.md), and `check` (in matrix.ts) holds it to that.
import { expect } from 'vitest'
import { Rig, sleep, TIME_SCALE, type Platform, type Tally } from './rig'

export type Guarantee =
  /** every error delivered, none twice */
  | 'exactly-once'
  /** every error delivered; copies allowed (the documented at-least-once cases) */
  | 'at-least-once'
  /** outside the documented bounds: what is lost is counted in minimon.dropped */
  | 'dropped-and-counted'
  /** outside what any client can do (no network and no storage, or no hide before the end): lost, and said so here */
  | 'documented-loss'

export interface Scenario {
  name: string
  guarantee: Guarantee
  /** A known defect breaks the guarantee here: the row must fail its check (and will pass once fixed). */
  knownIssue?: string
  run(platform: Platform): Promise<Tally>
}

const N = 12

async function withRig(platform: Platform, options: Parameters<typeof Rig.start>[1], mode: 'up' | 'down' | 'late', body: (r: Rig) => Promise<void>): Promise<Tally> {
  const r = await Rig.start(platform, options, mode)
  try {
    await body(r)
    return r.tally()
  } finally {
    await r.close()
  }
}

const logRequests = (r: Rig) => r.collector.requests.filter((q) => q.path === '/v1/logs')

export const scenarios: Scenario[] = [
  {
    name: 'collector down for the whole session; hide, kill, relaunch with it back',
    guarantee: 'exactly-once',
    run: (p) =>
      withRig(p, {}, 'down', async (r) => {
        r.errors(N)
        await r.monitor.flush()
        await sleep(600)
        await r.monitor.flush()
        await r.sim.hide()
        expect(r.stored()).toHaveLength(N)
        await r.collectorUp()
        r.relaunch()
        await r.settle(N)
        expect(r.stored()).toHaveLength(0)
      }),
  },
  {
    name: 'collector down for two whole sessions (hide + kill each), back for the third',
    guarantee: 'exactly-once',
    run: (p) =>
      withRig(p, {}, 'down', async (r) => {
        r.errors(N / 2)
        await r.sim.hide()
        r.relaunch()
        r.errors(N / 2)
        await r.sim.hide()
        expect(r.stored()).toHaveLength(N)
        await r.collectorUp()
        r.relaunch()
        await r.settle(N)
      }),
  },
  {
    name: 'HTTP 500 twice, then accepted (backoff 0.5 s, 1 s)',
    guarantee: 'exactly-once',
    run: (p) =>
      withRig(p, {}, 'up', async (r) => {
        r.collector.faults.push({ status: 500, times: 2, path: '/v1/logs' })
        r.errors(N)
        await r.monitor.flush()
        await r.settle(N)
        expect(logRequests(r).map((q) => q.status)).toEqual([500, 500, 200])
      }),
  },
  {
    name: 'HTTP 503 with Retry-After: 1',
    guarantee: 'exactly-once',
    run: (p) =>
      withRig(p, {}, 'up', async (r) => {
        r.collector.faults.push({ status: 503, headers: { 'Retry-After': '1' }, path: '/v1/logs' })
        r.errors(N)
        await r.monitor.flush()
        // flushes inside the window send nothing
        await r.monitor.flush()
        await r.settle(N)
        const [first, second] = logRequests(r)
        expect(second.at - first.at).toBeGreaterThanOrEqual(950)
      }),
  },
  {
    name: 'HTTP 429 with Retry-After: 1',
    guarantee: 'exactly-once',
    run: (p) =>
      withRig(p, {}, 'up', async (r) => {
        r.collector.faults.push({ status: 429, headers: { 'Retry-After': '1' }, path: '/v1/logs' })
        r.errors(N)
        await r.monitor.flush()
        await r.settle(N)
        const [first, second] = logRequests(r)
        expect(second.at - first.at).toBeGreaterThanOrEqual(950)
      }),
  },
  {
    name: 'HTTP 400 (not retryable: dropped and counted)',
    guarantee: 'dropped-and-counted',
    run: (p) =>
      withRig(p, {}, 'up', async (r) => {
        r.collector.faults.push({ status: 400, path: '/v1/logs' })
        r.errors(N)
        await r.monitor.flush()
        await r.settle(0)
        expect(logRequests(r)).toHaveLength(1)
      }),
  },
  {
    name: 'response slower than the 10 s request timeout (collector keeps the data)',
    guarantee: 'at-least-once',
    run: (p) =>
      withRig(p, {}, 'late', async (r) => {
        // the answer comes 1.5 × the timeout late; the collector has already kept the batch by then
        r.late!.delays.push(15_000 * TIME_SCALE)
        r.errors(N)
        await r.monitor.flush()
        await r.settle(N)
        await r.until((x) => x.collector.logs.length >= 2 * N)
        expect(new Set(r.sdkTimeouts)).toEqual(new Set([10_000]))
      }),
  },
  {
    name: 'connection reset in the middle of the request body',
    guarantee: 'exactly-once',
    run: (p) =>
      withRig(p, {}, 'up', async (r) => {
        r.collector.faults.push({ resetAfterBytes: 64, path: '/v1/logs' })
        r.errors(N)
        await r.monitor.flush()
        await r.settle(N)
      }),
  },
  {
    name: 'hidden mid-flush (answer late), suspended, killed, relaunched',
    guarantee: 'at-least-once',
    run: (p) =>
      withRig(p, {}, 'late', async (r) => {
        r.late!.delays.push(1200)
        r.errors(N)
        void r.monitor.flush()
        await sleep(100)
        // the batch is in flight: hide writes it to storage all the same
        await r.sim.hide()
        expect(r.stored()).toHaveLength(N)
        await sleep(500) // suspended after 400 ms: the open request fails with "interrupted"
        expect(r.sim.state).toBe('suspended')
        r.relaunch()
        await r.settle(N)
        // the interrupted request had reached the collector, which kept it
        await r.until((x) => x.collector.logs.length >= 2 * N)
      }),
  },
  {
    name: 'hidden, the send on hide answered, then killed and relaunched',
    guarantee: 'exactly-once',
    run: (p) =>
      withRig(p, {}, 'up', async (r) => {
        r.errors(N)
        await r.sim.hide()
        await r.until((x) => x.collector.logs.length >= N)
        await sleep(50)
        expect(r.stored()).toHaveLength(0)
        r.relaunch()
        await r.settle(N)
        await sleep(200)
      }),
  },
  {
    name: 'hide/show storm: 40 cycles, an error in each, first 8 sends answered 503',
    guarantee: 'exactly-once',
    run: (p) =>
      withRig(p, {}, 'up', async (r) => {
        r.collector.faults.push({ status: 503, times: 8 })
        for (let i = 0; i < 40; i++) {
          r.errors(1)
          await r.sim.hide()
          await r.sim.show()
        }
        await r.settle(40, 8000)
      }),
  },
  {
    name: 'hide/show storm while the collector is down, then kill and relaunch',
    guarantee: 'exactly-once',
    run: (p) =>
      withRig(p, {}, 'down', async (r) => {
        for (let i = 0; i < 40; i++) {
          r.errors(1)
          await r.sim.hide()
          await r.sim.show()
        }
        await r.sim.hide()
        expect(r.stored()).toHaveLength(40)
        await r.collectorUp()
        r.relaunch()
        await r.settle(40)
      }),
  },
  {
    name: 'storage full (setStorageSync fails), collector up',
    guarantee: 'exactly-once',
    run: (p) =>
      withRig(p, {}, 'up', async (r) => {
        r.sim.storage.failWrites = true
        r.errors(N)
        await r.sim.hide()
        await r.sim.show()
        await r.settle(N)
      }),
  },
  {
    name: 'storage full and collector down, then killed',
    guarantee: 'documented-loss',
    run: (p) =>
      withRig(p, {}, 'down', async (r) => {
        r.sim.storage.failWrites = true
        r.errors(N)
        await r.sim.hide()
        await r.collectorUp()
        r.sim.storage.failWrites = false
        r.relaunch()
        await r.settle(0, 300)
      }),
  },
  {
    name: 'storage holds text that is not JSON under minimon:<service>',
    guarantee: 'exactly-once',
    run: (p) =>
      withRig(p, {}, 'up', async (r) => {
        r.setStorage('{"v":1,"r":[{"id":')
        r.relaunch()
        r.errors(N)
        await r.sim.hide()
        await r.settle(N)
        expect(r.stored()).toHaveLength(0)
      }),
  },
  {
    name: 'storage holds JSON of another shape (another format version, an array)',
    guarantee: 'exactly-once',
    run: (p) =>
      withRig(p, {}, 'up', async (r) => {
        const garbage = [{ v: 2, r: [{ id: 'v2', kind: 'error', time: Date.now() }] }, [1, 2, 3], { hello: 'world' }]
        for (const [i, g] of garbage.entries()) {
          r.setStorage(JSON.stringify(g))
          r.relaunch()
          r.errors(N / 3)
          await r.sim.hide()
          await r.until((x) => x.tally().delivered >= ((i + 1) * N) / 3 && x.stored().length === 0)
        }
        await r.settle(N)
      }),
  },
  {
    name: 'storage holds records of a wrong shape in the current format',
    guarantee: 'exactly-once',
    run: (p) =>
      withRig(p, {}, 'up', async (r) => {
        const now = Date.now()
        r.setStorage(
          JSON.stringify({
            v: 1,
            r: [
              null,
              7,
              { id: 'h1', kind: 'histogram', time: now },
              { id: 'g1', kind: 'gauge', time: now, name: 'miniprogram.app_launch.duration', value: 'fast', page: 5 },
              { id: 'x1', kind: 'error', time: now, message: { nested: true }, attributes: 'text' },
              { id: 'q1', kind: 'segment', time: now },
            ],
          }),
        )
        r.relaunch()
        r.errors(N)
        await r.settle(N)
      }),
  },
  {
    name: 'storage holds a non-string value under the key',
    guarantee: 'exactly-once',
    run: (p) =>
      withRig(p, {}, 'up', async (r) => {
        r.setStorage({ v: 1, r: [{ id: 'obj', kind: 'error', time: Date.now() }] })
        r.relaunch()
        r.errors(N)
        await r.sim.hide()
        await r.settle(N)
      }),
  },
  {
    name: 'clock set back 1 h during a retry wait',
    guarantee: 'exactly-once',
    run: (p) =>
      withRig(p, {}, 'up', async (r) => {
        r.collector.faults.push({ status: 503, path: '/v1/logs' })
        r.errors(N)
        await r.monitor.flush()
        r.jumpClock(-3600_000)
        await r.settle(N, 3000)
      }),
  },
  {
    name: 'clock set back 2 days between sessions (records "from the future")',
    guarantee: 'exactly-once',
    run: (p) =>
      withRig(p, {}, 'down', async (r) => {
        r.errors(N)
        await r.sim.hide()
        await r.collectorUp()
        r.jumpClock(-2 * 86400_000)
        r.relaunch()
        await r.settle(N)
      }),
  },
  {
    name: 'stored records older than 24 h at relaunch (clock 25 h on)',
    guarantee: 'dropped-and-counted',
    run: (p) =>
      withRig(p, {}, 'down', async (r) => {
        r.errors(N)
        await r.sim.hide()
        await r.collectorUp()
        r.jumpClock(25 * 3600_000)
        r.relaunch()
        r.errors(N, 'fresh')
        await r.settle(N)
      }),
  },
  {
    name: 'queue overflow: 600 errors offline with maxQueue 500, collector back later',
    guarantee: 'dropped-and-counted',
    run: (p) =>
      withRig(p, { maxQueue: 500 }, 'down', async (r) => {
        r.errors(600)
        await r.monitor.flush()
        // flushes inside the retry wait (interval, hide, the app) must not turn queued errors into drop reports
        for (let i = 0; i < 5; i++) await r.monitor.flush()
        await r.collectorUp()
        await r.settle('some', 6000)
      }),
  },
  {
    name: 'per-key storage limit exceeded offline (1 KB messages), hidden, killed',
    guarantee: 'dropped-and-counted',
    run: (p) =>
      withRig(p, { maxQueue: 2000 }, 'down', async (r) => {
        const big = 'x'.repeat(1000)
        const total = p === 'alipay' ? 300 : 1200
        for (let i = 0; i < total; i++) r.monitor.captureError(new Error(`big ${i} ${big}`))
        await r.sim.hide()
        const restored = r.storedErrors()
        await r.collectorUp()
        r.relaunch()
        await r.settle(restored, 4000)
      }),
  },
  {
    name: 'per-key storage limit exceeded offline, hidden and shown 3 times, killed',
    guarantee: 'dropped-and-counted',
    run: (p) =>
      withRig(p, { maxQueue: 2000 }, 'down', async (r) => {
        const big = 'x'.repeat(1000)
        const total = p === 'alipay' ? 300 : 1200
        for (let i = 0; i < total; i++) r.monitor.captureError(new Error(`big ${i} ${big}`))
        for (let i = 0; i < 3; i++) {
          await r.sim.hide()
          await r.sim.show()
        }
        await r.sim.hide()
        const restored = r.storedErrors()
        await r.collectorUp()
        r.relaunch()
        await r.settle(restored, 4000)
      }),
  },
  {
    name: 'per-key limit with quote-heavy messages (platform escapes the stored JSON again)',
    guarantee: 'dropped-and-counted',
    run: (p) =>
      withRig(p, { maxQueue: 5000 }, 'down', async (r) => {
        const quotes = '"'.repeat(1000)
        const total = p === 'alipay' ? 300 : 1200
        for (let i = 0; i < total; i++) r.monitor.captureError(new Error(`q ${i} ${quotes}`))
        await r.sim.hide()
        const restored = r.storedErrors()
        await r.collectorUp()
        r.relaunch()
        await r.settle(restored, 4000)
      }),
  },
  {
    name: 'killed in the foreground (crash) before any flush or hide',
    guarantee: 'documented-loss',
    run: (p) =>
      withRig(p, {}, 'up', async (r) => {
        r.errors(N)
        r.relaunch()
        await r.settle(0, 300)
      }),
  },
]
