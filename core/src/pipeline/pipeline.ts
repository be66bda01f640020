import type { Config } from '../config'
import type { Host } from '../hosts/host'
import type { SumPoint } from '../exporters/otlp'
import { signalOf, type Exporter, type ExportRequest, type Signal } from '../exporters/exporter'
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
}

export function createPipeline(cfg: Config, host: Host, exporter: Exporter, log: (msg: string) => void): Pipeline {
  const drops: Record<string, number> = {}
  let dropsSince = Date.now()
  let hasDrops = false
  const drop = (reason: string, n = 1) => {
    drops[reason] = (drops[reason] || 0) + n
    hasDrops = true
    log(`dropped ${n} (${reason})`)
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

  function reportDrops() {
    // a full queue keeps counting: a point now would only push out a record, and that drop another point
    if (!hasDrops || queue.all().length >= cfg.maxQueue) return
    // before queue.add: a full queue drops one record for each point, and that drop must be reported too
    hasDrops = false
    const now = Date.now()
    for (const reason in drops) {
      const point: SumPoint = { kind: 'sum', id: eventId(), name: DROPPED_METRIC, start: dropsSince, time: now, value: drops[reason], attributes: { reason } }
      delete drops[reason]
      queue.add(point)
    }
    dropsSince = now
  }

  function prepare() {
    for (const h of hooks) h()
    reportDrops()
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
      // never sooner than the backoff: `Retry-After: 0` (or a past date) must not become a tight retry loop
      const wait = Math.max(after, backoff(attempt))
      retryWait = wait
      retryAt = Date.now() + wait
      log(`send failed (${status || 'network'}), retry in ${Math.round(wait)} ms`)
      schedule(wait)
    } else {
      queue.done(list)
      store.remove(list)
      drop('rejected_' + status, list.length)
    }
  }

  type Answer = [number, Record<string, string>]

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
  function exportSignal(signal: Signal, list: QueuedRecord[]): Promise<void> {
    let requests: ExportRequest[]
    try {
      requests = exporter(signal, list)
    } catch (e) {
      queue.done(list)
      drop('encode_error', list.length)
      return Promise.resolve()
    }
    return Promise.all(requests.map(send)).then((answers) => {
      let worst: Answer = [200, {}]
      for (const a of answers) if (retryable(a[0]) || (!retryable(worst[0]) && (a[0] < 200 || a[0] >= 300))) worst = a
      // a promise of ours must never reject: the platform would report it as the app's unhandled rejection
      try {
        settle(list, worst[0], worst[1])
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
        return Promise.resolve()
      }
      const bySignal: Record<Signal, QueuedRecord[]> = { logs: [], metrics: [], segments: [] }
      for (const r of queue.take()) bySignal[signalOf(r)].push(r)
      const sends: Promise<void>[] = []
      for (const s in bySignal) {
        const list = bySignal[s as Signal]
        if (list.length) sends.push(exportSignal(s as Signal, list))
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
        try {
          if (soon) clearTimeout(soon)
          if (queue.all().length) store.save(queue.all())
        } catch (e) {
          // a runtime torn down under us
        }
      })
    },
  }
}
