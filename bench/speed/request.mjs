#!/usr/bin/env node
// The request wrapper's own cost per call. A minimal wx-like object with a no-op `request` is installed as
// the global `wx` BEFORE init(), so the real monitor (core/dist, the published entry) wraps it with the hooks
// of monitor.ts; then the same options go through the wrapped function and through the original (bare) one.
//   - "call only": the host function returns its task and never calls back (what the wrapper does before
//     the platform takes over: copy the options, make success/fail, skip check)
//   - "call + success": the host calls `success` synchronously, so the whole observation runs too
//     (finish, parseUrl, url.path.group, histogram record)
// Figures: ns per call (wrapped − bare = own cost) and bytes allocated per call (heapUsed delta over a batch
// of 2,000 calls with no GC inside it; wrapped − bare). Smaller batches swing by hundreds of bytes per call
// whenever a batch happens to open a new page of the young generation.
// BENCH_CORE=path/to/bundle.mjs measures another build of core's index entry instead (A/B experiments).
//
//   node --expose-gc bench/speed/request.mjs [--json] [--quick]
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { fig, main } from '../lib/cli.mjs'
import { bytesPerCall, minus, perCallRounds } from '../lib/measure.mjs'

const URLS = [
  'https://api.shop.example.com/v1/goods/10234?from=index',
  'https://api.shop.example.com/v1/cart',
  'https://api.shop.example.com/v2/orders/88231/items?page=2',
  'https://api.shop.example.com/v1/user/profile',
  'https://img.example.com/static/3f2a9c0d1e4b5a6f.png',
  'https://api.shop.example.com/v1/search?q=%E8%BF%9E%E8%A1%A3%E8%A3%99',
  'https://pay.example.cn/v1/coupons/list',
  'https://api.shop.example.com/v1/goods/99812',
]
const HEADER = { 'content-type': 'application/json', 'x-app-version': '2.14.3' }
const DATA = { page: 1, size: 20 }

export async function run({ quick = false } = {}) {
  const task = { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} }
  const ok = { statusCode: 200, data: '{}', header: {}, errMsg: 'request:ok' }
  let callBack = false
  // Two identical no-op host functions (separate literals, so V8's type feedback of one never leaks into
  // the other): `request` is installed and wrapped, `bareRequest` is called directly.
  function request(o) {
    if (callBack && o && typeof o.success === 'function') o.success(ok)
    return task
  }
  function bareRequest(o) {
    if (callBack && o && typeof o.success === 'function') o.success(ok)
    return task
  }
  globalThis.wx = {
    request,
    getStorageSync: () => '',
    setStorageSync() {},
    removeStorageSync() {},
    onError() {},
    onAppHide() {},
    onAppShow() {},
  }
  const core = await import(process.env.BENCH_CORE ? pathToFileURL(resolve(process.env.BENCH_CORE)).href : '@minimon/core')
  const monitor = core.init({ service: 'bench', serviceVersion: '1.0.0', collector: 'https://collector.invalid:4318', flushInterval: 3600000 })
  if (!monitor.enabled) throw new Error('init() returned a disabled monitor')
  const wx = globalThis.wx
  if (wx.request === request) throw new Error('the monitor did not wrap wx.request')
  const bare = { request: bareRequest }
  let done = 0
  const success = () => {
    done++
  }
  const fail = () => {}

  const loops = {
    bare(n) {
      for (let i = 0; i < n; i++) bare.request({ url: URLS[i & 7], method: 'GET', header: HEADER, data: DATA, success, fail })
    },
    wrapped(n) {
      for (let i = 0; i < n; i++) wx.request({ url: URLS[i & 7], method: 'GET', header: HEADER, data: DATA, success, fail })
    },
  }
  const rounds = quick ? 11 : 25
  const n = quick ? 10000 : 20000

  const figures = {}
  // The whole observation first, on fresh JIT state, as in an app where every request calls back: timed after
  // 10^5 call-only calls, V8 keeps code tuned to a wrapper whose callbacks never run and the figure doubles
  // (≈ 0.55 µs instead of ≈ 0.27 µs here).
  for (const mode of ['callAndSuccess', 'callOnly']) {
    callBack = mode === 'callAndSuccess'
    // each mode starts from a collected heap, not from the garbage the other mode left behind
    if (globalThis.gc) globalThis.gc()
    await new Promise((r) => setTimeout(r, 15))
    const t = perCallRounds(loops, { rounds, n })
    figures[mode + '.bare'] = fig('ns', t.bare)
    figures[mode + '.wrapped'] = fig('ns', t.wrapped)
    figures[mode + '.own'] = fig('ns', minus(t.wrapped, t.bare))
  }
  // bytes after all timings: the long allocation batches leave the heap and the JIT in a state that would
  // colour the timing of whatever runs next
  for (const mode of ['callOnly', 'callAndSuccess']) {
    callBack = mode === 'callAndSuccess'
    const bytes = { bare: [], wrapped: [] }
    for (let r = 0; r < (quick ? 3 : 7); r++) {
      bytes.bare.push(await bytesPerCall(loops.bare, 2000))
      bytes.wrapped.push(await bytesPerCall(loops.wrapped, 2000))
    }
    figures[mode + '.bytes.bare'] = { unit: 'B', wall: bytes.bare }
    figures[mode + '.bytes.wrapped'] = { unit: 'B', wall: bytes.wrapped }
    figures[mode + '.bytes.own'] = { unit: 'B', wall: bytes.wrapped.map((w, i) => w - bytes.bare[i]) }
  }
  if (done < 0) console.log(done)
  await monitor.shutdown().catch(() => {})
  return { figures, info: { calls: n, rounds } }
}

await main(import.meta.url, run)
