import type { Config } from '../config'
import type { Host } from '../hosts/host'
import type { ErrorEvent } from '../types'
import { signalOf, type Exporter, type ExportRequest, type Signal } from '../exporters/exporter'
import type { QueuedRecord } from './queue'
import { createStore, without } from './persist'
import { backoff, retryable, retryAfter } from './retry'
import { stackOf } from '../signals/errors'
import { BREADCRUMBS, crumbsJson } from '../signals/context'
import { eventId } from '../util/ids'

/** Name of the self-telemetry metric: records the monitor had to drop, by `reason`. OAP's rules ignore it. */
export const DROPPED_METRIC = 'minimon.dropped'
const MAX_IN_FLIGHT = 2

export interface Pipeline {
  /** Queues a record; returns its ticket for `at`. */
  push(record: QueuedRecord): number
  /** The record of a ticket while it still waits, not being sent: may be changed in place. */
  at(ticket: number): QueuedRecord | undefined
  drop(reason: string, n?: number): void
  /** Something waits outside the queue (an aggregation): flush within `flushInterval`. */
  wake(): void
  flush(): Promise<void>
  /** App hidden: persist everything pending, then try one send. */
  hide(): Promise<void>
  /** Last flush; whatever is still undelivered after it is persisted for the next launch. */
  stop(): Promise<void>
  /**
   * 1: send and store (restores what earlier launches stored and sends what waits); 0: keep records in memory
   * only; -1: drop everything waiting and stored, and keep nothing from now on.
   */
  consent(state: number): void
}

type Answer = [number, Record<string, string>]

const SIGNALS: Signal[] = ['logs', 'metrics', 'segments']
const noop = () => {}

/** `beforeFlush` runs before each flush and before persisting: what waits outside the queue joins it (closed aggregation windows). */
export function createPipeline(cfg: Config, host: Host, exporter: Exporter, log: (msg: string) => void, consent: number, beforeFlush: () => void): Pipeline {
  const max = cfg.maxQueue
  const key = 'minimon:' + cfg.service
  let drops: Record<string, number> = {}
  let dropsSince = Date.now()
  let hasDrops = false
  const drop = (reason: string, n = 1) => {
    drops[reason] = (drops[reason] || 0) + n
    hasDrops = true
    log('dropped ' + n + ' ' + reason)
    wake()
  }
  const store = createStore(host, key, drop, () => drops)
  // The queue: plain arrays of the records themselves, nothing keyed by id on the way in. A record may wait
  // in a cheaper form (no id yet, an error's stack still on the thrown value) until `finish` completes it,
  // before anything encodes, stores or shows it.
  let waiting: QueuedRecord[] = []
  let sending: QueuedRecord[] = []
  // the ticket of waiting[0]; every ticket below it is void
  let first = 0
  const waitingSends: (() => void)[] = []
  let inFlight = 0
  let attempt = 0
  let retryAt = 0
  let retryWait = 0
  let soon: ReturnType<typeof setTimeout> | undefined
  let soonAt = 0
  let stopped = false

  // One timer, armed when something starts to wait: an idle app is never woken. A sooner deadline replaces
  // it. A flush leaves a pending timer alone (re-arming costs more than the one empty wake it saves).
  function schedule(delay: number) {
    const at = Date.now() + delay
    if (stopped || (soon && soonAt <= at)) return
    try {
      clearTimeout(soon)
      soonAt = at
      soon = setTimeout(() => {
        soon = undefined
        flush()
      }, delay)
    } catch (e) {
      // no timers (a runtime torn down): the next flush or launch sends it
    }
  }
  function wake() {
    if (!soon) schedule(cfg.flushInterval)
  }

  function push(r: QueuedRecord): number {
    if (consent < 0) return -1
    waiting.push(r)
    if (waiting.length + sending.length > max) {
      // the oldest that waits: what is being sent may still arrive
      waiting.shift()
      first++
      drop('queue_full')
    }
    // half the queue is a batch worth sending now
    if (waiting.length >= max >> 1) schedule(0)
    else wake()
    // (a record dropped at once gets a void ticket)
    return first + waiting.length - 1
  }

  function finish(list: QueuedRecord[]) {
    for (const r of list as ErrorEvent[]) {
      if (!r.id) r.id = eventId()
      if (typeof r.stack === 'object') r.stack = stackOf(r.stack)
      const b = r.attributes && (r.attributes[BREADCRUMBS] as unknown)
      if (Array.isArray(b)) r.attributes[BREADCRUMBS] = crumbsJson(b, r.time)
    }
    return list
  }

  const all = () => finish(sending.concat(waiting))

  function done(list: QueuedRecord[]) {
    // (every record has its own id once it is sent)
    sending = without(sending, list)
    return list
  }

  function prepare() {
    beforeFlush()
    // a full queue keeps counting: a point now would only push out a record, and that drop another point
    if (!hasDrops || waiting.length + sending.length >= max) return
    // taken before push: a full queue drops one record for each point, and that drop must be reported too
    const counts = drops
    const now = Date.now()
    drops = {}
    hasDrops = false
    for (const reason in counts) push({ kind: 'sum', id: '', name: DROPPED_METRIC, start: dropsSince, time: now, value: counts[reason], attributes: { reason } })
    dropsSince = now
  }

  /**
   * The records of one signal settle on the worst answer to their requests: any retryable failure keeps all
   * of them (at-least-once: the accepted part may arrive twice), else any refusal drops them.
   */
  function settle(list: QueuedRecord[], answers: Answer[]) {
    let worst = 0
    let status = 200
    let headers = {}
    for (const [s, h] of answers) {
      const rank = retryable(s) ? 2 : s < 200 || s > 299 ? 1 : 0
      if (rank >= worst) {
        worst = rank
        status = s
        headers = h
      }
    }
    // (consent withdrawn while they were on their way: none is kept either)
    if (worst < 2 || consent < 0) {
      if (worst) drop('rejected_' + status, list.length)
      else attempt = retryAt = 0
      store.remove(done(list))
    } else {
      // they wait again, before the newer ones; every ticket given so far is void
      done(list)
      first += waiting.length
      waiting = list.concat(waiting)
      // never sooner than the backoff: `Retry-After: 0` (or a past date) must not become a tight retry loop
      const wait = Math.max(retryAfter(headers), backoff(++attempt))
      retryWait = wait
      retryAt = Date.now() + wait
      log('retry ' + status + ' in ' + (wait | 0) + ' ms')
      schedule(wait)
    }
  }

  function send(request: ExportRequest): Promise<Answer> {
    return new Promise((resolve) => {
      const go = () => {
        inFlight++
        host.send(request, (status, headers) => {
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

  function flush(): Promise<void> {
    let sends: (Promise<void> | undefined)[] = []
    // before consent, nothing leaves the device
    if (consent < 1) return Promise.resolve()
    try {
      prepare()
      // more left than was set: the clock went back, and the wait is over by any honest count
      const left = retryAt - Date.now()
      if (left > 0 && left <= retryWait) schedule(left)
      else {
        const taken = finish(waiting)
        sending = sending.concat(taken)
        first += taken.length
        waiting = []
        sends = SIGNALS.map((s) => {
          const list = taken.filter((r) => signalOf(r) === s)
          if (list.length)
            try {
              return Promise.all(exporter(s, list).map(send)).then((answers) => settle(list, answers))
            } catch (e) {
              done(list)
              drop('encode_error', list.length)
            }
        })
      }
    } catch (e) {
      // never into the app
    }
    // a promise of ours must never reject: the platform would report it as the app's unhandled rejection
    return Promise.all(sends).then(noop, noop)
  }

  // what earlier launches stored, and what waits, is sent now
  function restore() {
    store.load().forEach(push)
    if (waiting.length) schedule(0)
  }
  if (consent > 0) restore()

  return {
    push,
    // (a void ticket is below `first`: a negative index, undefined)
    at: (t) => waiting[t - first],
    drop,
    wake,
    flush,
    hide() {
      if (consent < 1) return Promise.resolve()
      try {
        prepare()
        store.save(all())
      } catch (e) {
        // storage failures are counted inside the store
      }
      return flush()
    },
    stop() {
      return flush().then(() => {
        stopped = true
        try {
          clearTimeout(soon)
          const left = all()
          if (left.length && consent > 0) store.save(left)
        } catch (e) {
          // a runtime torn down under us
        }
      })
    },
    consent(state) {
      const was = consent
      consent = state
      if (state > 0 && was < 1) restore()
      if (state < 0) {
        // (a ticket given before may later name a new record: the errors signal checks what it finds)
        waiting = []
        try {
          host.removeItem(key)
        } catch (e) {
          // nothing stored, or no storage
        }
      }
    },
  }
}
