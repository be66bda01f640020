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
      settle(list, worst[0], worst[1])
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
        if (soon) clearTimeout(soon)
        if (queue.all().length) store.save(queue.all())
      })
    },
  }
}
