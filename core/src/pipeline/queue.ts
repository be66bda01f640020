import type { ErrorEvent, GaugeEvent, SegmentEvent } from '../types'
import type { HistogramPoint, SumPoint } from '../exporters/otlp'

/** Everything that waits for the collector to accept it. Each record has a unique id. */
export type QueuedRecord = ErrorEvent | GaugeEvent | HistogramPoint | SumPoint | SegmentEvent

export interface Queue {
  /** Adds a record; when full, the oldest record is dropped and `onDrop` told. */
  add(record: QueuedRecord): void
  /** Adds records restored from storage, skipping ids already queued. */
  restore(records: QueuedRecord[]): void
  /** Records not yet being sent, now marked as being sent. */
  take(): QueuedRecord[]
  /** The collector accepted (or finally rejected) these: forget them. */
  done(records: QueuedRecord[]): void
  /** Sending failed and will be retried: they wait again. */
  release(records: QueuedRecord[]): void
  /** Still waiting, not being sent: may be changed in place (error counts). */
  waiting(record: QueuedRecord): boolean
  all(): QueuedRecord[]
  /** How many wait and are not being sent. */
  ready(): number
}

export function createQueue(max: number, onDrop: (reason: string, n: number) => void): Queue {
  let records: QueuedRecord[] = []
  const sending: Record<string, 1> = {}
  let sendingCount = 0
  const ids: Record<string, 1> = {}

  function remove(set: Record<string, 1>) {
    records = records.filter((r) => {
      if (!set[r.id]) return true
      delete ids[r.id]
      return false
    })
  }

  function add(r: QueuedRecord) {
    if (ids[r.id]) return
    records.push(r)
    ids[r.id] = 1
    if (records.length > max) {
      const old = records.shift()!
      delete ids[old.id]
      if (sending[old.id]) {
        delete sending[old.id]
        sendingCount--
      }
      onDrop('queue_full', 1)
    }
  }

  const toSet = (list: QueuedRecord[]) => {
    const set: Record<string, 1> = {}
    for (const r of list) set[r.id] = 1
    return set
  }

  const unmark = (list: QueuedRecord[]) => {
    for (const r of list)
      if (sending[r.id]) {
        delete sending[r.id]
        sendingCount--
      }
  }

  return {
    add,
    restore: (list) => list.forEach(add),
    take() {
      const out = records.filter((r) => !sending[r.id])
      for (const r of out) sending[r.id] = 1
      sendingCount += out.length
      return out
    },
    done(list) {
      unmark(list)
      remove(toSet(list))
    },
    release: unmark,
    waiting: (r) => !!ids[r.id] && !sending[r.id],
    all: () => records.slice(),
    ready: () => records.length - sendingCount,
  }
}
