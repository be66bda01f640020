import type { ErrorEvent, GaugeEvent, SegmentEvent } from '../types'
import type { HistogramPoint, SumPoint } from '../exporters/otlp'
import { eventId } from '../util/ids'

/** Everything that waits for the collector to accept it. Each record has a unique id once it leaves the queue. */
export type QueuedRecord = ErrorEvent | GaugeEvent | HistogramPoint | SumPoint | SegmentEvent

export interface Queue {
  /**
   * Adds a record (one without an id gets it when it leaves the queue); when full, the oldest waiting
   * record is dropped and `onDrop` told. Returns the record's ticket for `at`.
   */
  add(record: QueuedRecord): number
  /** The record of a ticket while it still waits (not taken, not dropped): it may be changed in place. */
  at(ticket: number): QueuedRecord | undefined
  /** Adds records restored from storage, skipping ids already queued. */
  restore(records: QueuedRecord[]): void
  /** Records not yet being sent, now marked as being sent. */
  take(): QueuedRecord[]
  /** The collector accepted (or finally rejected) these: forget them. */
  done(records: QueuedRecord[]): void
  /** Sending failed and will be retried: they wait again, before the newer ones. */
  release(records: QueuedRecord[]): void
  /** Every record, waiting or being sent. */
  all(): QueuedRecord[]
  /** How many wait and are not being sent. */
  ready(): number
}

export function createQueue(max: number, onDrop: (reason: string, n: number) => void): Queue {
  // Plain arrays of the records themselves: nothing is keyed by id on the way in.
  let waiting: QueuedRecord[] = []
  let sending: QueuedRecord[] = []
  // the ticket of waiting[0]; every ticket below it is void
  let first = 0

  function add(r: QueuedRecord): number {
    waiting.push(r)
    if (waiting.length + sending.length > max) {
      // the oldest that waits: what is being sent may still arrive
      waiting.shift()
      first++
      onDrop('queue_full', 1)
    }
    // (a record dropped at once gets a void ticket)
    return first + waiting.length - 1
  }

  const named = (list: QueuedRecord[]) => {
    for (const r of list) if (!r.id) r.id = eventId()
    return list
  }

  const all = () => named(sending.concat(waiting))

  const without = (list: QueuedRecord[]) => {
    const set = new Set(list)
    sending = sending.filter((r) => !set.has(r))
  }

  return {
    add,
    at: (t) => (t < first ? undefined : waiting[t - first]),
    restore(list) {
      const have: Record<string, 1> = {}
      for (const r of all()) have[r.id] = 1
      for (const r of list)
        if (!have[r.id]) {
          have[r.id] = 1
          add(r)
        }
    },
    take() {
      const out = named(waiting)
      sending = sending.concat(out)
      // every ticket given so far is void
      first += out.length
      waiting = []
      return out
    },
    done: without,
    release(list) {
      without(list)
      first += waiting.length
      waiting = list.concat(waiting)
    },
    all,
    ready: () => waiting.length,
  }
}
