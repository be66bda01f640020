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
export function createStore(host: Host, key: string, onDrop: (reason: string, n: number) => void): Store {
  let stored = false

  function read(): QueuedRecord[] {
    try {
      const raw = host.getItem(key)
      if (!raw) return []
      const data = JSON.parse(raw) as Stored
      const list = data && data.v === 1 && Array.isArray(data.r) ? data.r : []
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
      let text = JSON.stringify({ v: 1, r: list })
      let size = measure(text)
      while (size > limit && list.length) {
        // drop the oldest share that is over, then measure again
        const n = Math.max(1, Math.ceil((list.length * (size - limit)) / size))
        list = list.slice(n)
        onDrop('storage_limit', n)
        text = JSON.stringify({ v: 1, r: list })
        size = measure(text)
      }
      host.setItem(key, text)
      stored = true
    } catch (e) {
      onDrop('storage_error', list.length)
    }
  }

  return {
    load() {
      const now = Date.now()
      const list = read()
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
