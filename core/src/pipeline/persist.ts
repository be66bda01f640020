import type { Host } from '../hosts/host'
import type { QueuedRecord } from './queue'
import { utf8Length } from '../exporters/protobuf'

/** Stored records older than this are not sent any more. */
export const MAX_AGE = 24 * 3600 * 1000

const isObject = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object'

/** A record as the monitor wrote it: anything else under our key would fail to encode or be refused by the collector. */
function wellFormed(r: any): r is QueuedRecord {
  if (!isObject(r) || typeof r.id !== 'string' || typeof r.time !== 'number') return false
  switch (r.kind) {
    case 'error':
      return typeof r.message === 'string' && typeof r.stack === 'string' && typeof r.page === 'string' && isObject(r.attributes)
    case 'gauge':
      return typeof r.name === 'string' && typeof r.value === 'number' && typeof r.page === 'string'
    case 'sum':
      return typeof r.name === 'string' && typeof r.value === 'number' && isObject(r.attributes)
    case 'histogram':
      return Array.isArray(r.counts) && isObject(r.attributes) && typeof r.count === 'number'
    case 'segment':
      return isObject(r.segment) && Array.isArray(r.segment.spans)
  }
  return false
}

interface Stored {
  v: 1
  r: QueuedRecord[]
  /** drop counts not yet reported when this was written */
  d?: Record<string, number>
}

export interface Store {
  /** Records stored earlier and still fresh (expired ones are dropped and counted). */
  load(): QueuedRecord[]
  /** Merges `records` into what is stored (never overwriting it), within the host's per-key limit. */
  save(records: QueuedRecord[]): void
  /** Forgets records the collector accepted. */
  remove(records: QueuedRecord[]): void
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
  let carried: Record<string, number> | undefined

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

  function read(): QueuedRecord[] {
    try {
      const raw = host.getItem(key)
      if (!raw) return []
      const data = JSON.parse(raw) as Stored
      const list = data && data.v === 1 && Array.isArray(data.r) ? data.r : []
      if (data && isObject(data.d)) carried = data.d
      stored = true
      const good = list.filter(wellFormed)
      if (good.length < list.length) onDrop('storage_garbage', list.length - good.length)
      return good
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
      // string JSON-escaped once more (every quote and backslash doubles): measure it as they will
      const limit = host.storageLimit * 0.9
      const measure = (t: string) => utf8Length(JSON.stringify(t))
      const serialise = () => JSON.stringify({ v: 1, r: list, d: unreported() })
      let text = serialise()
      let size = measure(text)
      while (size > limit && list.length) {
        // drop the oldest share that is over, then measure again
        const n = Math.max(1, Math.ceil((list.length * (size - limit)) / size))
        countLost('storage_limit', list.slice(0, n))
        list = list.slice(n)
        text = serialise()
        size = measure(text)
      }
      // the counts of what was not kept travel with what was: a kill right after still reports them
      host.setItem(key, text)
      stored = true
    } catch (e) {
      countLost('storage_error', list)
    }
  }

  return {
    load() {
      const now = Date.now()
      const list = read()
      // drops counted by the session that wrote this and not reported by it
      if (carried) for (const reason in carried) if (carried[reason] > 0) onDrop(reason, +carried[reason])
      carried = undefined
      // a clock that jumped back leaves records "from the future": keep them rather than lose them
      const fresh = list.filter((r) => now - r.time < MAX_AGE)
      if (fresh.length < list.length) onDrop('expired', list.length - fresh.length)
      return fresh
    },
    save(records) {
      const list = read()
      const have: Record<string, 1> = {}
      for (const r of list) have[r.id] = 1
      for (const r of records) if (!have[r.id]) list.push(r)
      list.sort((a, b) => a.time - b.time)
      write(list)
    },
    remove(records) {
      if (!stored) return
      const gone: Record<string, 1> = {}
      for (const r of records) gone[r.id] = 1
      write(read().filter((r) => !gone[r.id]))
    },
  }
}
