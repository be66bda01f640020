import type { Config } from '../config'
import type { Host } from '../hosts/host'
import type { SumPoint } from '../exporters/otlp'
import { signalOf, type Exporter, type ExportRequest, type Signal } from '../exporters/exporter'
import { createQueue, type QueuedRecord } from './queue'
import { createStore } from './persist'
import { backoff, retryable, retryAfter } from './retry'

/** Name of the self-telemetry metric: records the monitor had to drop, by `reason`. OAP's rules ignore it. */
export const DROPPED_METRIC = 'minimon.dropped'
const MAX_IN_FLIGHT = 2
const TIMEOUT = 10000

export interface Pipeline {
  /** Queues a record; returns its ticket for `at`. */
  push(record: QueuedRecord): number
  /** The record of a ticket while it still waits, not being sent: may be changed in place. */
  at(ticket: number): QueuedRecord | undefined
  drop(reason: string, n?: number): void
  /** Runs before each flush and before persisting (closes aggregation windows). */
  beforeFlush(hook: () => void): void
  flush(): Promise<void>
  /** App hidden: persist everything pending, then try one send. */
  hide(): Promise<void>
  /** Last flush; whatever is still undelivered after it is persisted for the next launch. */
  stop(): Promise<void>
}

type Answer = [number, Record<string, string>]

const SIGNALS: Signal[] = ['logs', 'metrics', 'segments']
const resolved = () => Promise.resolve()

export function createPipeline(cfg: Config, host: Host, exporter: Exporter, log: (msg: string) => void): Pipeline {
  let drops: Record<string, number> = {}
  let dropsSince = Date.now()
  let hasDrops = false
  const drop = (reason: string, n = 1) => {
    drops[reason] = (drops[reason] || 0) + n
    hasDrops = true
    log('dropped ' + n + ' (' + reason + ')')
  }
  const queue = createQueue(cfg.maxQueue, drop)
  const store = createStore(host, 'minimon:' + cfg.service, drop, () => drops)
  const hooks: (() => void)[] = []
  const waitingSends: (() => void)[] = []
  const batchSize = Math.max(1, Math.floor(cfg.maxQueue / 2))
  let inFlight = 0
  let attempt = 0
  let retryAt = 0
  let retryWait = 0
  let soon: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  function schedule(delay: number) {
    if (soon || stopped) return
    try {
      soon = setTimeout(() => {
        soon = undefined
        flush()
      }, delay)
    } catch (e) {
      // no timers (a runtime torn down): the next flush or launch sends it
    }
  }

  function prepare() {
    for (const h of hooks) h()
    // a full queue keeps counting: a point now would only push out a record, and that drop another point
    if (!hasDrops || queue.all().length >= cfg.maxQueue) return
    // taken before queue.add: a full queue drops one record for each point, and that drop must be reported too
    const counts = drops
    const now = Date.now()
    drops = {}
    hasDrops = false
    for (const reason in counts) {
      const point: SumPoint = { kind: 'sum', id: '', name: DROPPED_METRIC, start: dropsSince, time: now, value: counts[reason], attributes: { reason } }
      queue.add(point)
    }
    dropsSince = now
  }

  function settle(list: QueuedRecord[], [status, headers]: Answer) {
    const ok = status >= 200 && status < 300
    if (ok || !retryable(status)) {
      if (ok) attempt = retryAt = 0
      else drop('rejected_' + status, list.length)
      queue.done(list)
      store.remove(list)
    } else {
      queue.release(list)
      // never sooner than the backoff: `Retry-After: 0` (or a past date) must not become a tight retry loop
      const wait = Math.max(retryAfter(headers), backoff(++attempt))
      retryWait = wait
      retryAt = Date.now() + wait
      log('send failed (' + (status || 'network') + '), retry in ' + Math.round(wait) + ' ms')
      schedule(wait)
    }
  }

  function send(request: ExportRequest): Promise<Answer> {
    return new Promise((resolve) => {
      const go = () => {
        inFlight++
        host.send({ url: request.url, body: request.body, contentType: request.contentType, timeout: TIMEOUT }, (status, headers) => {
          inFlight--
          resolve([status, headers])
          const next = waitingSends.shift()
          if (next) next()
        })
      }
      if (inFlight < MAX_IN_FLIGHT) go()
      else waitingSends.push(go)
    })
  }

  /**
   * Sends one signal's records. When an exporter needs several requests for them, the records settle on
   * the worst answer: any retryable failure keeps all of them (at-least-once: the accepted part may
   * arrive twice).
   */
  function exportSignal(signal: Signal, list: QueuedRecord[]): Promise<void> | undefined {
    let requests: ExportRequest[]
    try {
      requests = exporter(signal, list)
    } catch (e) {
      queue.done(list)
      drop('encode_error', list.length)
      return
    }
    return Promise.all(requests.map(send)).then((answers) => {
      let worst: Answer = [200, {}]
      for (const a of answers) if (retryable(a[0]) || (!retryable(worst[0]) && (a[0] < 200 || a[0] >= 300))) worst = a
      // a promise of ours must never reject: the platform would report it as the app's unhandled rejection
      try {
        settle(list, worst)
      } catch (e) {
        // counted where it can be; never into the app
      }
    })
  }

  function flush(): Promise<void> {
    try {
      prepare()
      // more left than was set: the clock went back, and the wait is over by any honest count
      const left = retryAt - Date.now()
      if (left > 0 && left <= retryWait) {
        schedule(left)
        return resolved()
      }
      const taken = queue.take()
      return Promise.all(
        SIGNALS.map((s) => {
          const list = taken.filter((r) => signalOf(r) === s)
          return list.length ? exportSignal(s, list) : undefined
        }),
      ).then(() => undefined)
    } catch (e) {
      return resolved()
    }
  }

  function push(record: QueuedRecord): number {
    const ticket = queue.add(record)
    if (queue.ready() >= batchSize) schedule(0)
    return ticket
  }

  const restored = store.load()
  if (restored.length) {
    queue.restore(restored)
    log('restored ' + restored.length + ' undelivered records')
    schedule(0)
  }
  const interval = setInterval(flush, cfg.flushInterval)

  return {
    push,
    at: queue.at,
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
        try {
          if (soon) clearTimeout(soon)
          const left = queue.all()
          if (left.length) store.save(left)
        } catch (e) {
          // a runtime torn down under us
        }
      })
    },
  }
}
