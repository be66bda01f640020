// The rig of the fault matrix: one simulated app (WeChat or Alipay, @minimon/sim) that reports to the real
// local collector (@minimon/collector), with the accounting the matrix needs: every error the app generated
// (by id, seen through beforeSend), what the collector received (by `log.record.uid`), and what the SDK said
// it dropped (the `minimon.dropped` self-telemetry metric, by `reason`).
//
// A "kill" here is what the OS does: the app's process ends without any SDK code running (no shutdown(), no
// flush); only storage survives. A relaunch is a new process: a new sim on the same storage and a new API
// instance (createApi, exactly what `@minimon/core` builds at import), so the old monitor is simply gone.
import { request as httpRequest, createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startCollector, type Collector } from '@minimon/collector'
import { createSim } from '@minimon/sim'
import { vi } from 'vitest'
import { createApi } from '../../src/api'
import { alipayHost } from '../../src/hosts/alipay'
import { wechatHost } from '../../src/hosts/wechat'
import type { MonitorOptions } from '../../src/index'
import type { Monitor } from '../../src/monitor'

export type Platform = 'wechat' | 'alipay'
type Sim = ReturnType<typeof createSim>

export const SERVICE = 'shop'
export const KEY = 'minimon:' + SERVICE
/** The SDK's request timeout (10 s) is scaled by this in the sim, so "slower than the timeout" takes 1 s. */
export const TIME_SCALE = 0.1
const realNow = Date.now.bind(Date)
// the sim replaces the global timers while installed (and freezes them while suspended): tests wait on real ones
const realSetTimeout = globalThis.setTimeout
const sleep = (ms: number) => new Promise<void>((r) => realSetTimeout(r, ms))

/**
 * A proxy in front of the collector that passes each request on at once (so the collector keeps the data)
 * and holds the answer back for the next delay in `delays` (ms; 0 when empty). It runs on Node's own timers:
 * the collector's `delayMs` fault waits on the global timers, which the sim replaces and freezes while the
 * app is suspended, so a late answer to a suspended or killed app would never be processed at all.
 */
export async function startLateProxy(target: () => string) {
  const delays: number[] = []
  let open = 0
  const server: Server = createServer((req, res) => {
    open++
    res.on('close', () => open--)
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const delay = /\/v1\/logs$/.test(req.url || '') ? delays.shift() ?? 0 : 0
      const up = httpRequest(target() + req.url, { method: req.method, headers: req.headers }, (answer) => {
        const body: Buffer[] = []
        answer.on('data', (c) => body.push(c))
        answer.on('end', () =>
          realSetTimeout(() => {
            if (res.destroyed) return
            res.writeHead(answer.statusCode || 502, answer.headers)
            res.end(Buffer.concat(body))
          }, delay),
        )
      })
      up.on('error', () => res.destroy())
      up.end(Buffer.concat(chunks))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    delays,
    /** Requests received and not answered yet. */
    open: () => open,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  }
}

export interface Tally {
  generated: number
  /** Distinct generated errors the collector received. */
  delivered: number
  /** Extra copies of generated errors the collector received. */
  duplicated: number
  /** Generated and never received. */
  lost: number
  /** `minimon.dropped` as received, summed per reason (each data point counted once). */
  dropped: Record<string, number>
  /** Log records the collector received that no generated error explains (must stay 0). */
  unknown: number
  /** Requests the collector refused with 400 (a body it could not decode; must stay 0). */
  refused: number
}

export class Rig {
  sim!: Sim
  monitor!: Monitor
  /** Error id → message, for every error the SDK queued (beforeSend sees each exactly once). */
  readonly generated = new Map<string, string>()
  /** The `timeout` option of every request the SDK itself sent. */
  readonly sdkTimeouts: number[] = []
  private uninstall: () => void = () => {}
  private seq = 0
  private clock = 0
  private clockSpy: { mockRestore(): void } | undefined
  private randomSpy: { mockRestore(): void } | undefined

  private constructor(
    readonly platform: Platform,
    public collector: Collector,
    public collectorUrl: string,
    private readonly options: Partial<MonitorOptions>,
  ) {}

  /** Answers held back by the late proxy, when the rig was started with `'late'`. */
  late: Awaited<ReturnType<typeof startLateProxy>> | undefined

  /** `down`: the collector's port is closed for now (see `collectorUp`); `late`: the SDK talks to a late proxy. */
  static async start(platform: Platform, options: Partial<MonitorOptions> = {}, mode: 'up' | 'down' | 'late' = 'up'): Promise<Rig> {
    const c = await startCollector({ port: 0 })
    if (mode === 'down') await c.close()
    const late = mode === 'late' ? await startLateProxy(() => c.url) : undefined
    const rig = new Rig(platform, c, late ? late.url : c.url, options)
    rig.late = late
    // jitter at its minimum: backoff is then 0.5 s, 1 s, 2 s … (the matrix stays fast and its counts stable)
    rig.randomSpy = vi.spyOn(Math, 'random').mockReturnValue(0)
    rig.launch()
    return rig
  }

  /** Starts the collector again on the same port (after `start(…, down = true)`). */
  async collectorUp(): Promise<void> {
    this.collector = await startCollector({ port: this.collector.port })
  }

  async collectorDown(): Promise<void> {
    await this.collector.close()
  }

  /** A new app process on the storage of the previous one (or fresh storage on the first launch). */
  launch(options: Partial<MonitorOptions> = {}): void {
    const sim = createSim({ platform: this.platform, storage: this.sim?.storage, suspendAfterMs: 400 })
    const api = sim.api
    // The platform enforces the timeout the SDK asks for; the sim's clock for it runs TIME_SCALE as long.
    const request = api.request
    const timeouts = this.sdkTimeouts
    api.request = function (this: unknown, o: any) {
      if (o && typeof o.url === 'string' && /\/v[13]\/(logs|metrics|segments)$/.test(o.url) && typeof o.timeout === 'number') {
        timeouts.push(o.timeout)
        o = { ...o, timeout: o.timeout * TIME_SCALE }
      }
      return request.call(this, o)
    }
    this.sim = sim
    this.uninstall = sim.install()
    const generated = this.generated
    const rigOptions = this.options
    const { init } = createApi({ alipay: alipayHost, wechat: wechatHost })
    this.monitor = init({
      service: SERVICE,
      serviceVersion: '1.4.2',
      collector: this.collectorUrl,
      flushInterval: 60_000,
      enable: { perf: false },
      ...this.options,
      ...options,
      beforeSend(e) {
        // the app's own beforeSend (if any) decides first; what it keeps is what was generated
        const user = options.beforeSend || rigOptions.beforeSend
        const kept = user ? user(e) : e
        if (kept && kept.kind === 'error') generated.set(kept.id, kept.message)
        return kept
      },
    })
  }

  /** The OS ends the app: no SDK code runs, open requests vanish, storage stays. */
  kill(): void {
    this.sim.kill()
    this.uninstall()
  }

  relaunch(options: Partial<MonitorOptions> = {}): void {
    this.kill()
    this.launch(options)
  }

  /** Generates `n` errors with unique messages, alternating uncaught throws, rejections and captureError. */
  errors(n: number, label = 'e'): void {
    for (let i = 0; i < n; i++) {
      const k = this.seq++
      const error = new Error(`${label} ${k}`)
      if (k % 3 === 0) this.sim.throwInApp(error)
      else if (k % 3 === 1) this.sim.rejectInApp(error)
      else this.monitor.captureError(error)
    }
  }

  /** Moves Date.now (this process only) by `ms` from now on; cumulative. */
  jumpClock(ms: number): void {
    this.clock += ms
    if (!this.clockSpy) this.clockSpy = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + this.clock)
  }

  storage(): any {
    return this.sim.storage.read(KEY)
  }

  setStorage(value: unknown): void {
    this.sim.storage.entries.set(KEY, JSON.stringify(value))
  }

  /** Errors the SDK holds in storage right now. */
  storedErrors(): number {
    return this.stored().filter((x) => x && x.kind === 'error').length
  }

  /** Records the SDK holds in storage right now. */
  stored(): any[] {
    const raw = this.storage()
    try {
      return typeof raw === 'string' ? JSON.parse(raw).r : []
    } catch (e) {
      return []
    }
  }

  tally(): Tally {
    const seen = new Map<string, number>()
    let unknown = 0
    for (const l of this.collector.logs) {
      const uid = String(l.attributes['log.record.uid'])
      if (this.generated.has(uid)) seen.set(uid, (seen.get(uid) ?? 0) + 1)
      else unknown++
    }
    const dropped: Record<string, number> = {}
    const points = new Set<string>()
    for (const m of this.collector.metrics) {
      if (m.name !== 'minimon.dropped') continue
      const reason = String(m.attributes.reason)
      // a redelivered point is the same window of the same reason
      const key = reason + ' ' + m.startTimeUnixNano + ' ' + m.timeUnixNano + ' ' + m.value
      if (points.has(key)) continue
      points.add(key)
      dropped[reason] = (dropped[reason] ?? 0) + (m.value ?? 0)
    }
    let copies = 0
    for (const n of seen.values()) copies += n
    return {
      generated: this.generated.size,
      delivered: seen.size,
      duplicated: copies - seen.size,
      lost: this.generated.size - seen.size,
      dropped,
      unknown,
      refused: this.collector.requests.filter((r) => r.status === 400 && !String(r.error).startsWith('fault')).length,
    }
  }

  /**
   * Lets the SDK finish: one flush, then waits (flushing no more: retries run on the SDK's own timers) until
   * `delivered` distinct errors arrived ('some': at least one; every send carries all that waits) or `ms`
   * passed; then flushes three more times so that drops counted on the way are reported, and waits for those.
   */
  async settle(delivered: number | 'some', ms = 5000): Promise<void> {
    const want = delivered === 'some' ? 1 : delivered
    await this.monitor.flush()
    await this.until((r) => r.tally().delivered >= want, ms)
    for (let i = 0; i < 3; i++) {
      await this.monitor.flush()
      await sleep(25)
    }
  }

  /** Polls `check` on real timers until it holds or `ms` passed; returns whether it held. */
  async until(check: (r: Rig) => boolean, ms = 3000): Promise<boolean> {
    const end = realNow() + ms
    while (!check(this)) {
      if (realNow() > end) return false
      await sleep(20)
    }
    return true
  }

  async close(): Promise<void> {
    this.clockSpy?.mockRestore()
    this.randomSpy?.mockRestore()
    this.kill()
    await this.late?.close()
    await this.collector.close().catch(() => {})
  }
}

export { sleep }
