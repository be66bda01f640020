import type { Host } from '../hosts/host'
import type { QueuedRecord } from './queue'
import { utf8Length } from '../exporters/protobuf'
import { isObject } from '../config'

/** Stored records older than this are not sent any more. */
export const MAX_AGE = 86400000

const isString = (v: unknown) => typeof v === 'string'
const isNumber = (v: unknown) => typeof v === 'number'

/** A record as the monitor wrote it: anything else under our key would fail to encode or be refused by the collector. */
function wellFormed(r: any): r is QueuedRecord {
  if (!isObject(r) || !isString(r.id) || !isNumber(r.time)) return false
  const k = r.kind
  return k === 'error'
    ? isString(r.message) && isString(r.stack) && isString(r.page) && isObject(r.attributes)
    : k === 'event'
      ? isString(r.message) && isObject(r.attributes)
    : k === 'gauge' || k === 'sum'
      ? isString(r.name) && isNumber(r.value) && (k === 'sum' ? isObject(r.attributes) : isString(r.page))
      : k === 'histogram'
        ? Array.isArray(r.counts) && isObject(r.attributes) && isNumber(r.count)
        : k === 'segment' && isObject(r.segment) && Array.isArray(r.segment.spans)
}

/** Under the key: `{ v: 1, r: records, d: drop counts not yet reported when this was written }`. */
interface Stored {
  v: 1
  r: QueuedRecord[]
  d?: Record<string, number>
}

export interface Store {
  /** Records stored earlier and still fresh (expired ones are dropped and counted). */
  load(): QueuedRecord[]
  /** Merges `records` into what is stored (never losing what is there), within the host's per-key limit. */
  save(records: QueuedRecord[]): void
  /** Forgets records the collector accepted. */
  remove(records: QueuedRecord[]): void
}

/** `list` without the records whose ids are in `records`. */
export function without(list: QueuedRecord[], records: QueuedRecord[]): QueuedRecord[] {
  const ids: Record<string, 1> = {}
  for (const r of records) ids[r.id] = 1
  return list.filter((r) => !ids[r.id])
}

/**
 * Synchronous storage of undelivered records under one key. Garbage under the key is treated as empty;
 * every storage failure is caught and counted, never thrown.
 */
export function createStore(
  host: Host,
  key: string,
  onDrop: (reason: string, n: number) => void,
  unreported: () => Record<string, number>,
): Store {
  let stored = false
  // ids already counted as not kept: a record trimmed at every hide is one loss, not one per hide
  let lost: Record<string, 1> = {}
  let lostCount = 0

  function countLost(reason: string, list: QueuedRecord[]) {
    let n = 0
    for (const r of list)
      if (!lost[r.id]) {
        lost[r.id] = 1
        n++
      }
    if (n) onDrop(reason, n)
    if ((lostCount += n) > 5000) {
      lost = {}
      lostCount = 0
    }
  }

  /** The records of `list` that pass `test`; the others are counted as dropped for `reason`. */
  function keep(list: QueuedRecord[], test: (r: QueuedRecord) => boolean, reason: string) {
    const kept = list.filter(test)
    if (kept.length < list.length) onDrop(reason, list.length - kept.length)
    return kept
  }

  /** What is stored; on launch, the drops counted by the session that wrote it and not reported by it are counted again. */
  function read(launch?: boolean): QueuedRecord[] {
    try {
      const raw = host.getItem(key)
      if (!raw) return []
      const data = JSON.parse(raw) as Stored
      stored = true
      if (launch && data && isObject(data.d)) for (const reason in data.d) if (data.d[reason] > 0) onDrop(reason, +data.d[reason])
      return keep(data && data.v === 1 && Array.isArray(data.r) ? data.r : [], wellFormed, 'storage_garbage')
    } catch (e) {
      onDrop('storage_garbage', 1)
      return []
    }
  }

  function write(list: QueuedRecord[]) {
    try {
      if (!list.length) {
        if (stored) host.removeItem(key)
        stored = false
        return
      }
      // 10% headroom: platforms count their own wrapping of the value against the limit, and they store the
      // string JSON-escaped once more (every quote and backslash doubles): measure it as they will.
      // Over the limit, drop the oldest share that is over and measure again.
      const limit = host.storageLimit * 0.9
      for (;;) {
        // the counts of what was not kept travel with what was: a kill right after still reports them
        const text = JSON.stringify({ v: 1, r: list, d: unreported() })
        const size = utf8Length(JSON.stringify(text))
        if (size <= limit || !list.length) {
          host.setItem(key, text)
          stored = true
          return
        }
        const n = Math.ceil((list.length * (size - limit)) / size)
        countLost('storage_limit', list.slice(0, n))
        list = list.slice(n)
      }
    } catch (e) {
      countLost('storage_error', list)
    }
  }

  return {
    load() {
      const now = Date.now()
      // a clock that jumped back leaves records "from the future": keep them rather than lose them
      return keep(read(true), (r) => now - r.time < MAX_AGE, 'expired')
    },
    save(records) {
      // a record stored before and pending still is written as it is now (an error's count may have grown)
      write(without(read(), records).concat(records).sort((a, b) => a.time - b.time))
    },
    remove(records) {
      if (stored) write(without(read(), records))
    },
  }
}
