import type { Config } from '../config'
import type { Host } from '../hosts/host'
import type { Attributes, ErrorEvent, GaugeEvent, SegmentEvent } from '../types'
import { encodeLogs, encodeMetrics, logsJson, metricsJson, type HistogramPoint, type SumPoint } from '../exporters/otlp'
import { createQueue, type QueuedRecord } from './queue'
import { createStore } from './persist'
import { backoff, retryable, retryAfter } from './retry'
import { eventId } from '../util/ids'

/** Name of the self-telemetry metric: records the monitor had to drop, by `reason`. OAP's rules ignore it. */
export const DROPPED_METRIC = 'minimon.dropped'
const MAX_IN_FLIGHT = 2
const TIMEOUT = 10000

export interface Pipeline {
  push(record: QueuedRecord): void
  /** Still waiting, not being sent: may be changed in place. */
  waiting(record: QueuedRecord): boolean
  drop(reason: string, n?: number): void
  /** Runs before each flush and before persisting (closes aggregation windows). */
  beforeFlush(hook: () => void): void
  flush(): Promise<void>
  /** App hidden: persist everything pending, then try one send. */
  hide(): Promise<void>
  /** Last flush; whatever is still undelivered after it is persisted for the next launch. */
  stop(): Promise<void>
  /** Base URLs of the collectors: requests there are never observed. */
  readonly targets: string[]
}

type Signal = 'logs' | 'metrics' | 'segments'

function signalOf(r: QueuedRecord): Signal {
  return r.kind === 'error' ? 'logs' : r.kind === 'segment' ? 'segments' : 'metrics'
}

export function createPipeline(cfg: Config, host: Host, resource: Attributes, log: (msg: string) => void): Pipeline {
  const drops: Record<string, number> = {}
  let dropsSince = Date.now()
  let hasDrops = false
  const drop = (reason: string, n = 1) => {
    drops[reason] = (drops[reason] || 0) + n
    hasDrops = true
    log(`dropped ${n} (${reason})`)
  }
  const queue = createQueue(cfg.maxQueue, drop)
  const store = createStore(host, 'minimon:' + cfg.service, drop)
  const hooks: (() => void)[] = []
  const waitingSends: (() => void)[] = []
  const batchSize = Math.max(1, Math.floor(cfg.maxQueue / 2))
  let inFlight = 0
  let attempt = 0
  let retryAt = 0
  let soon: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  function schedule(delay: number) {
    if (soon || stopped) return
    soon = setTimeout(() => {
      soon = undefined
      flush()
    }, delay)
  }

  function reportDrops() {
    if (!hasDrops) return
    const now = Date.now()
    for (const reason in drops) {
      const point: SumPoint = { kind: 'sum', id: eventId(), name: DROPPED_METRIC, start: dropsSince, time: now, value: drops[reason], attributes: { reason } }
      delete drops[reason]
      queue.add(point)
    }
    hasDrops = false
    dropsSince = now
  }

  function prepare() {
    for (const h of hooks) h()
    reportDrops()
  }

  function body(signal: Signal, list: QueuedRecord[]): Uint8Array | string {
    if (signal === 'segments') return JSON.stringify(list.map((r) => (r as SegmentEvent).segment))
    if (signal === 'logs') {
      const b = { resource, logs: list as ErrorEvent[] }
      return cfg.encoding === 'json' ? logsJson(b) : encodeLogs(b)
    }
    const b = {
      resource,
      gauges: list.filter((r) => r.kind === 'gauge') as GaugeEvent[],
      histogram: list.filter((r) => r.kind === 'histogram') as HistogramPoint[],
      sums: list.filter((r) => r.kind === 'sum') as SumPoint[],
    }
    return cfg.encoding === 'json' ? metricsJson(b) : encodeMetrics(b)
  }

  function settle(list: QueuedRecord[], status: number, headers: Record<string, string>) {
    if (status >= 200 && status < 300) {
      attempt = 0
      retryAt = 0
      queue.done(list)
      store.remove(list)
    } else if (retryable(status)) {
      queue.release(list)
      attempt++
      const after = retryAfter(headers)
      const wait = after >= 0 ? after : backoff(attempt)
      retryAt = Date.now() + wait
      log(`send failed (${status || 'network'}), retry in ${Math.round(wait)} ms`)
      schedule(wait)
    } else {
      queue.done(list)
      store.remove(list)
      drop('rejected_' + status, list.length)
    }
  }

  function send(signal: Signal, list: QueuedRecord[]): Promise<void> {
    return new Promise((resolve) => {
      const go = () => {
        let data: Uint8Array | string
        try {
          data = body(signal, list)
        } catch (e) {
          queue.done(list)
          drop('encode_error', list.length)
          return resolve()
        }
        inFlight++
        const base = signal === 'segments' ? cfg.traceCollector : cfg.collector
        host.send(
          {
            url: base + (signal === 'segments' ? '/v3/segments' : signal === 'logs' ? '/v1/logs' : '/v1/metrics'),
            body: data,
            contentType: typeof data === 'string' ? 'application/json' : 'application/x-protobuf',
            timeout: TIMEOUT,
          },
          (status, headers) => {
            inFlight--
            try {
              settle(list, status, headers)
            } finally {
              const next = waitingSends.shift()
              if (next) next()
              resolve()
            }
          },
        )
      }
      if (inFlight < MAX_IN_FLIGHT) go()
      else waitingSends.push(go)
    })
  }

  function flush(): Promise<void> {
    try {
      prepare()
      if (Date.now() < retryAt) {
        schedule(retryAt - Date.now())
        return Promise.resolve()
      }
      const bySignal: Record<Signal, QueuedRecord[]> = { logs: [], metrics: [], segments: [] }
      for (const r of queue.take()) bySignal[signalOf(r)].push(r)
      const sends: Promise<void>[] = []
      for (const s in bySignal) {
        const list = bySignal[s as Signal]
        if (list.length) sends.push(send(s as Signal, list))
      }
      return Promise.all(sends).then(() => undefined)
    } catch (e) {
      return Promise.resolve()
    }
  }

  const restored = store.load()
  if (restored.length) {
    queue.restore(restored)
    log(`restored ${restored.length} undelivered records`)
    schedule(0)
  }
  const interval = setInterval(flush, cfg.flushInterval)

  return {
    targets: [cfg.collector, cfg.traceCollector],
    push(record) {
      queue.add(record)
      if (queue.ready() >= batchSize) schedule(0)
    },
    waiting: queue.waiting,
    drop,
    beforeFlush: (h) => hooks.push(h),
    flush,
    hide() {
      try {
        prepare()
        store.save(queue.all())
      } catch (e) {
        // storage failures are counted inside the store
      }
      return flush()
    },
    stop() {
      clearInterval(interval)
      return flush().then(() => {
        stopped = true
        if (soon) clearTimeout(soon)
        if (queue.all().length) store.save(queue.all())
      })
    },
  }
}
