#!/usr/bin/env node
// What one breadcrumb costs, per event, with the ring full (each one pushes out the oldest) and no
// beforeBreadcrumb. Core's own modules from core/src (bench/lib/core-src.mjs):
//   - request: what the request wrapper's end hook adds for its breadcrumb (monitor.ts): the ring's add of a
//     message kept as the function that writes `GET /v1/goods/{id} 200 35ms` from the finished request (it
//     runs only when an error log carries the breadcrumb)
//   - tap: a page handler wrapped by tapBreadcrumbs() (hosts/taps.ts) called with a tap event (handler name,
//     id and dataset keys), minus the same handler called bare
//   - add: the ring's add alone (monitor.addBreadcrumb without its argument checks)
// Budget: well under the request wrapper's own cost per call (bench/speed/request.mjs).
//
//   node --expose-gc bench/speed/breadcrumb.mjs [--json] [--quick]
import { fig, main } from '../lib/cli.mjs'
import { bytesPerCall, minus, perCallRounds } from '../lib/measure.mjs'
import { coreModule } from '../lib/core-src.mjs'

const GROUPS = ['/v1/goods/{id}', '/v1/cart', '/v2/orders/{id}/items', '/v1/user/profile']

export async function run({ quick = false } = {}) {
  const { createContext } = await coreModule('context')
  const { tapBreadcrumbs } = await coreModule('taps')
  const ctx = createContext({ maxBreadcrumbs: 20 })
  for (let i = 0; i < 20; i++) ctx.add('app', 'show')

  // a page registered through the global Page() that tapBreadcrumbs wraps; a bare copy of the same handler
  let taps = 0
  globalThis.Page = (o) => o
  const stop = tapBreadcrumbs()(ctx)
  const page = globalThis.Page({ onBuy() { taps++ } })
  const bare = { onBuy() { taps++ } }
  const events = [0, 1, 2, 3].map((i) => {
    const node = { id: 'buy' + i, dataset: { sku: 'A' + i, index: i } }
    return { type: 'tap', timeStamp: 1, detail: { x: 0, y: 0 }, currentTarget: node, target: node }
  })

  const finished = { method: 'GET', status: 200, start: 1000, end: 1035 }
  const loops = {
    request(n) {
      for (let i = 0; i < n; i++) {
        const r = finished
        r.end = 1000 + (i & 63)
        const group = GROUPS[i & 3]
        ctx.add('request', () => r.method + ' ' + group + ' ' + r.status + ' ' + (r.end - r.start) + 'ms')
      }
    },
    add(n) {
      for (let i = 0; i < n; i++) ctx.add('custom', GROUPS[i & 3])
    },
    tap(n) {
      for (let i = 0; i < n; i++) page.onBuy(events[i & 3])
    },
    bareTap(n) {
      for (let i = 0; i < n; i++) bare.onBuy(events[i & 3])
    },
    empty() {},
  }
  const rounds = quick ? 11 : 25
  const n = quick ? 10000 : 20000
  const t = perCallRounds(loops, { rounds, n })
  const figures = {
    request: fig('ns', t.request),
    add: fig('ns', t.add),
    tap: fig('ns', minus(t.tap, t.bareTap)),
  }
  for (const k of ['request', 'tap']) {
    const b = []
    for (let r = 0; r < (quick ? 3 : 7); r++) b.push((await bytesPerCall(loops[k], 2000)) - (k === 'tap' ? await bytesPerCall(loops.bareTap, 2000) : 0))
    figures[k + '.bytes'] = { unit: 'B', wall: b }
  }
  stop()
  if (taps < 0) console.log(taps)
  return { figures, info: { calls: n, rounds, ring: 20 } }
}

await main(import.meta.url, run)
