// Shared set-up for tests that run the monitor inside the simulated mini program host against the
// local collector (a real HTTP server on 127.0.0.1 that decodes with the reference decoder).
import { startCollector, type Collector } from '@minimon/collector'
import { createSim, sleep, type Platform as SimPlatform } from '@minimon/sim'
import { init, shutdown } from '../src/index'
import type { MonitorOptions } from '../src/index'

export type Platform = SimPlatform
type Sim = ReturnType<typeof createSim>

export interface Harness {
  collector: Collector
  sim: Sim
  monitor: ReturnType<typeof init>
  /** Kills the app and starts it again with the same storage, then `init`s a new monitor. */
  relaunch(options?: Partial<MonitorOptions>): void
  close(): Promise<void>
}

export async function start(platform: Platform, options: Partial<MonitorOptions> = {}, collector?: Collector): Promise<Harness> {
  const c = collector ?? (await startCollector({ port: 0 }))
  let sim = createSim({ platform, suspendAfterMs: 400 })
  let uninstall = sim.install()
  const make = (o: Partial<MonitorOptions>) =>
    init({ service: 'shop', serviceVersion: '1.4.2', collector: c.url, flushInterval: 60_000, ...options, ...o })
  const h: Harness = {
    collector: c,
    sim,
    monitor: make({}),
    relaunch(o = {}) {
      // a killed app sends nothing more: kill the sim first, so the old monitor's last flush goes nowhere
      sim.kill()
      void shutdown()
      uninstall()
      sim = createSim({ platform, storage: sim.storage, suspendAfterMs: 400 })
      uninstall = sim.install()
      h.sim = sim
      h.monitor = make(o)
    },
    async close() {
      await shutdown()
      uninstall()
      sim.kill()
      if (!collector) await c.close()
    },
  }
  return h
}

/** Waits until `check` stops throwing (for things that happen after async I/O). */
export async function eventually(check: () => void | Promise<void>, timeout = 4000): Promise<void> {
  const until = Date.now() + timeout
  for (;;) {
    try {
      await check()
      return
    } catch (e) {
      if (Date.now() > until) throw e
      await sleep(20)
    }
  }
}
