// Plays one journey of one app on one platform in the simulator and keeps what the collector received
// meanwhile (taken from each batch as it is accepted, so the collector's bounded history does not matter).
import { setTimeout as sleep } from 'node:timers/promises'
import { createSim, type Sim } from '@minimon/sim'
import type { Batch, Collector } from '@minimon/collector'
import { missing } from './expect'
import type { DemoApp, JourneyApp, Received, RunResult, Target } from './types'

export interface PlayOptions {
  collector: Collector
  /** How long to wait after the journey for its signals (the app delivers on hide, then every flush). */
  waitMs: number
  step(text: string): void
  /** Resolves when the demo is being stopped: the journey is then abandoned and the app killed. */
  stopped: Promise<void>
}

export function take(collector: Collector, into: Received) {
  return (b: Batch) => {
    if (b.kind === 'logs') into.logs.push(...collector.logs.slice(-b.count))
    else if (b.kind === 'metrics') into.metrics.push(...collector.metrics.slice(-b.count))
    else if (b.kind === 'segments') into.segments.push(...collector.segments.slice(-b.count))
  }
}

// Node's own timers: while an app runs, the simulator puts its (suspendable) timers on globalThis

export async function play(app: DemoApp, target: Target, o: PlayOptions): Promise<RunResult> {
  const started = Date.now()
  const result: RunResult = { app: app.name, platform: target.platform, logs: [], metrics: [], segments: [], steps: [], ms: 0, missing: [] }
  const listener = take(o.collector, result)
  o.collector.on('batch', listener)
  let sim: Sim = createSim({ platform: target.platform })
  let stop = false
  const stopping = o.stopped.then(() => {
    stop = true
  })
  const journeyApp: JourneyApp = {
    get sim() {
      return sim
    },
    target,
    step(text) {
      result.steps.push(text)
      o.step(text)
    },
    pause: (ms) => sleep(ms).then(() => undefined),
    async coldStart(params = {}) {
      await sim.hide()
      await sim.idle(300)
      end()
      if (stop) return
      sim = createSim({ platform: target.platform, storage: sim.storage })
      undo = app.beforeLaunch?.(sim)
      await sim.launch({ app: target.dir, ...params })
    },
  }
  let undo: (() => void) | void = app.beforeLaunch?.(sim)
  function end() {
    sim.kill()
    if (undo) undo()
    undo = undefined
  }
  const done = () => missing(app.expects, result, target.platform).length === 0
  const scenario = (async () => {
    await sim.launch({ app: target.dir })
    await app.journey(journeyApp)
    await sim.hide()
    await sim.idle()
    for (const until = Date.now() + o.waitMs; !stop && !done() && Date.now() < until; ) await sleep(50)
  })()
  try {
    // when stopped, the journey still gets a moment to finish its step: an app killed mid-navigation
    // leaves the simulator's navigation promise unsettled
    await Promise.race([scenario, stopping.then(() => Promise.race([scenario, sleep(3000)]))])
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e)
  } finally {
    end()
    o.collector.off('batch', listener)
    scenario.catch(() => undefined)
  }
  result.ms = Date.now() - started
  result.missing = missing(app.expects, result, target.platform)
  return result
}
