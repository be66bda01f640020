#!/usr/bin/env node
// Persistence of a full queue (500 records: 400 errors with ~0.6 KB stacks, 50 gauges, 50 histogram points)
// with core's store (core/src/pipeline/persist.ts createStore, bundled by esbuild) on a host whose
// getItem/setItem keep strings in a Map (WeChat's 1 MB per-key limit):
//   - write: save() into an empty key (what app hide does first)
//   - write, merge: save() of the same 500 over the 500 already stored (hide again before a send succeeded)
//   - restore: load() of the 500 stored records (next launch)
//
//   node --expose-gc bench/speed/persist.mjs [--json] [--quick]
import { fig, main } from '../lib/cli.mjs'
import { coreModule } from '../lib/core-src.mjs'
import { errorEvents, metricsBatch } from '../lib/data.mjs'
import { interleaved } from '../lib/measure.mjs'

export const RECORDS = 500

export async function run({ quick = false } = {}) {
  const { createStore } = await coreModule('persist')
  const { BOUNDS } = await coreModule('otlp')
  const now = Date.now()
  const errors = errorEvents(400).map((e, i) => ({ ...e, time: now - 60000 + i }))
  const m = metricsBatch(50, 50, BOUNDS)
  const records = [...errors, ...m.gauges.map((g, i) => ({ ...g, time: now - 30000 + i })), ...m.histogram.map((h, i) => ({ ...h, time: now - 20000 + i }))]
  if (records.length !== RECORDS) throw new Error('expected 500 records')

  const map = new Map()
  const host = {
    storageLimit: 1024 * 1024,
    getItem: (k) => map.get(k) || '',
    setItem: (k, v) => {
      map.set(k, v)
    },
    removeItem: (k) => {
      map.delete(k)
    },
  }
  let drops = 0
  const KEY = 'minimon:bench'
  // (the last argument: drop counts not yet reported, stored beside the records; none here)
  const store = createStore(
    host,
    KEY,
    (_reason, n) => {
      drops += n
    },
    () => ({}),
  )
  store.save(records)
  const stored = map.get(KEY)
  const restored = store.load()
  if (restored.length !== RECORDS) throw new Error(`restored ${restored.length} of ${RECORDS} records (dropped ${drops})`)

  let sink = 0
  const times = await interleaved(
    {
      write: () => {
        map.delete(KEY)
        const s = createStore(host, KEY, () => {}, () => ({}))
        s.save(records)
        sink += map.get(KEY).length
      },
      writeMerge: () => {
        map.set(KEY, stored)
        const s = createStore(host, KEY, () => {}, () => ({}))
        s.save(records)
        sink += map.get(KEY).length
      },
      restore: () => {
        map.set(KEY, stored)
        const s = createStore(host, KEY, () => {}, () => ({}))
        sink += s.load().length
      },
    },
    { rounds: quick ? 7 : 15, time: quick ? 30 : 60 },
  )
  if (sink < 0) console.log(sink)
  return {
    figures: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, fig('ms', v)])),
    info: { records: RECORDS, storedChars: stored.length, storedBytes: Buffer.byteLength(stored, 'utf8'), drops },
  }
}

await main(import.meta.url, run)
