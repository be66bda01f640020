// The demo: the local collector, each playground app's backend, and every app built for WeChat and Alipay
// playing its user journey in the simulator — in a loop until stopped, or once with a pass/fail summary.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { join } from 'node:path'
import { startCollector, type Collector } from '@minimon/collector'
import { discoverApps } from './apps'
import { count, runLine, summary } from './report'
import { play } from './session'
import type { DemoApp, RunResult, Target } from './types'

export interface DemoOptions {
  /** The repository root (the directory holding playground/). */
  root: string
  /** Collector port; 0 picks a free one. Default 4318. */
  port?: number
  host?: string
  /** Port of the first app backend. Default: the collector's port + 1 (random when the port is 0). */
  apiPort?: number
  /** One journey per app and platform, then the summary; resolves with the exit code. */
  once?: boolean
  /** Names of the playground directories to play (default: all that can be played). */
  apps?: string[]
  /** Pause between rounds in the loop, ms. Default 2000. */
  pauseMs?: number
  /** How long to wait after a journey for its signals, ms. Default 10000. */
  waitMs?: number
  /** No line per received signal (the default with `once`). */
  quiet?: boolean
  /** Pass every ingest request on to a real OAP / OpenTelemetry Collector as well. */
  forward?: string
  /** Rounds to play in the loop before stopping by itself (default: until `signal` aborts). */
  rounds?: number
  /** Telemetry flush interval inside the apps, ms. Default 1000. */
  flushInterval?: number
  signal?: AbortSignal
  log?: (line: string) => void
}

interface Prepared {
  app: DemoApp
  targets: Target[]
  api?: { url: string; close(): Promise<void> }
}

/**
 * Runs the demo; resolves with the process exit code (0: with `once`, every expected signal arrived, every batch
 * passed the OAP contract check clean and the collector refused nothing).
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const log = options.log || ((line: string) => console.log(line))
  const once = !!options.once
  const port = options.port ?? 4318
  const host = options.host || '127.0.0.1'
  const stopped = new Promise<void>((resolve) => {
    if (options.signal?.aborted) resolve()
    options.signal?.addEventListener('abort', () => resolve(), { once: true })
  })
  let isStopped = false
  void stopped.then(() => (isStopped = true))

  let collector: Collector
  try {
    collector = await startCollector({ port, host, quiet: options.quiet ?? once, forward: options.forward, log: options.log })
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    log(err.code === 'EADDRINUSE' ? `minimon demo: port ${port} is in use; pass --port <free port> (or --port 0)` : `minimon demo: the collector did not start: ${err.message}`)
    return 1
  }
  const scratch = mkdtempSync(join(tmpdir(), 'minimon-demo-'))
  const { totals, stop } = count(collector)
  const prepared: Prepared[] = []
  const runs: RunResult[] = []
  const previous = (globalThis as Record<string, unknown>).__MINIMON_PLAYGROUND__
  try {
    const { apps, skipped } = await discoverApps(options.root, options.apps)
    let apiPort = options.apiPort ?? (port === 0 ? 0 : port + 1)
    for (const app of apps) {
      let targets: Target[] = []
      try {
        targets = await app.prepare({ out: join(scratch, app.name), collector: collector.url })
      } catch (e) {
        skipped.push({ name: app.name, reason: `could not be built: ${(e as Error).message}` })
        continue
      }
      if (!targets.length) {
        skipped.push({ name: app.name, reason: 'no target built' })
        continue
      }
      let api: Prepared['api']
      if (app.startApiServer) {
        api = await app.startApiServer({ port: apiPort, host }).catch(() => app.startApiServer!({ port: 0, host }))
        apiPort = 0
      }
      prepared.push({ app, targets, api })
    }

    log('')
    log('minimon demo: the local collector, and the playground apps in the simulated WeChat and Alipay runtimes')
    log('')
    log(`  viewer      ${collector.url}/`)
    log(`  collector   ${collector.url}  (OTLP/HTTP /v1/logs, /v1/metrics; SkyWalking /v3/segments)${options.forward ? `, forwarding to ${options.forward}` : ''}`)
    for (const p of prepared) {
      log(`  app         ${p.app.title}: ${p.targets.map((t) => t.platform).join(', ')}${p.api ? `; its API at ${p.api.url}` : ''}`)
    }
    for (const s of skipped) log(`  skipped     ${s.name}: ${s.reason}`)
    log('')
    if (!prepared.length) {
      log('nothing to play')
      return 1
    }
    log(once ? 'one journey per app and platform, then the summary' : `open ${collector.url}/ to watch the signals arrive; Ctrl-C stops`)

    for (let round = 1; !isStopped; round++) {
      if (!once) log(`\nround ${round}`)
      for (const p of prepared) {
        for (const target of p.targets) {
          if (isStopped) break
          ;(globalThis as Record<string, unknown>).__MINIMON_PLAYGROUND__ = {
            collector: collector.url,
            api: p.api?.url,
            flushInterval: options.flushInterval ?? 1000,
          }
          const tag = `${p.app.name} · ${target.platform}`
          log(`  ${tag}: launches the app`)
          const r = await play(p.app, target, { collector, waitMs: options.waitMs ?? 10_000, step: (text) => log(`  ${tag}: ${text}`), stopped })
          if (isStopped) break
          runs.push(r)
          log(runLine(r))
        }
      }
      if (once || (options.rounds && round >= options.rounds)) break
      if (!isStopped) {
        log(`  viewer: ${collector.url}/  (${totals.logs.length} error logs, ${totals.metrics.length} metric points, ${totals.segments.length} segments so far)`)
        await Promise.race([stopped, sleep(options.pauseMs ?? 2000)])
      }
    }
    const s = summary(totals, runs, once)
    log('')
    log(s.text)
    log('')
    log(`viewer: ${collector.url}/`)
    if (once) log(s.ok ? 'demo: every expected signal arrived, every batch clean, nothing refused' : 'demo: failed (✗ above)')
    return once && !s.ok ? 1 : 0
  } finally {
    stop()
    if (previous === undefined) delete (globalThis as Record<string, unknown>).__MINIMON_PLAYGROUND__
    else (globalThis as Record<string, unknown>).__MINIMON_PLAYGROUND__ = previous
    for (const p of prepared) await p.api?.close().catch(() => undefined)
    await collector.close()
    rmSync(scratch, { recursive: true, force: true })
  }
}
