#!/usr/bin/env node
// The request wrapper's own cost per call, minimon against the reference SDK in the same process. A minimal
// wx-like object with a no-op `request` is installed as the global `wx` BEFORE each SDK's init(), so the real
// monitor (core/dist, the published entry) wraps it with the hooks of monitor.ts, and the reference SDK
// (lib/reference.mjs) wraps a second, identical object with its own; then the same options go through each
// wrapped function and through a third, unwrapped one (bare).
//   - "call + success": the host calls `success` synchronously, so the whole observation runs too (minimon:
//     finish, URL facts, url.path.group, histogram record; the reference: its option copies, domain regex,
//     histogram attributes and key). Timed on 8 realistic URLs that repeat (an app calls a handful of
//     endpoints again and again) and on a new URL every call (4,096 distinct ids, more than any per-URL
//     cache keeps), since parsing the URL is then most of the cost.
//   - "call only": the host function returns its task and never calls back (what minimon's wrapper does
//     before the platform takes over: copy the options, make success/fail, skip check). minimon only.
// Figures: ns per call (wrapped − bare = own cost) and, with the JIT, bytes allocated per call (heapUsed
// delta over a batch of 2,000 calls, 500 for the reference, with no GC inside it; wrapped − bare). Smaller batches swing by hundreds
// of bytes per call whenever a batch happens to open a new page of the young generation.
// Under `node --jitless` (the interpreter iOS runs mini programs in) fewer calls per round, and no bytes.
// BENCH_CORE=path/to/bundle.mjs measures another build of core's index entry instead (A/B experiments).
//
//   node --expose-gc [--jitless] bench/speed/request.mjs [--json] [--quick]
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { fig, main } from '../lib/cli.mjs'
import { bytesPerCall, minus, perCallRounds } from '../lib/measure.mjs'
import { fakeWx } from '../lib/fake-wx.mjs'
import { referenceModule } from '../lib/reference.mjs'

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
/** 4,096 distinct URLs of the same shapes (each id once): every call of a round is a URL not seen lately. */
const NEW_URLS = Array.from({ length: 4096 }, (_, i) =>
  [
    'https://api.shop.example.com/v1/goods/{id}?from=index',
    'https://api.shop.example.com/v1/cart/{id}',
    'https://api.shop.example.com/v2/orders/{id}/items?page=2',
    'https://api.shop.example.com/v1/user/{id}/profile',
    'https://img.example.com/static/{id}.png',
    'https://api.shop.example.com/v1/search?q=%E8%BF%9E%E8%A1%A3%E8%A3%99&page={id}',
    'https://pay.example.cn/v1/coupons/{id}',
    'https://api.shop.example.com/v1/goods/{id}',
  ][i & 7].replace('{id}', String(100000 + i)),
)
const HEADER = { 'content-type': 'application/json', 'x-app-version': '2.14.3' }
const DATA = { page: 1, size: 20 }
const PAGES = [{ route: 'pages/goods/detail' }]

export async function run({ quick = false } = {}) {
  const jitless = process.execArgv.includes('--jitless')
  const task = { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} }
  const ok = { statusCode: 200, data: '{}', header: {}, errMsg: 'request:ok' }
  let callBack = false
  // Three identical no-op host functions (separate literals, so V8's type feedback of one never leaks into
  // another): `request` is wrapped by minimon, `referenceRequest` by the reference SDK, `bareRequest` is
  // called directly.
  function request(o) {
    if (callBack && o && typeof o.success === 'function') o.success(ok)
    return task
  }
  function referenceRequest(o) {
    if (callBack && o && typeof o.success === 'function') o.success(ok)
    return task
  }
  function bareRequest(o) {
    if (callBack && o && typeof o.success === 'function') o.success(ok)
    return task
  }
  // both SDKs read the current page (the route goes on every request's histogram point)
  globalThis.getCurrentPages = () => PAGES
  const wx = (globalThis.wx = fakeWx(request))
  const core = await import(process.env.BENCH_CORE ? pathToFileURL(resolve(process.env.BENCH_CORE)).href : '@minimon/core')
  const monitor = core.init({ service: 'bench', serviceVersion: '1.0.0', collector: 'https://collector.invalid:4318', flushInterval: 3600000 })
  if (!monitor.enabled) throw new Error('init() returned a disabled monitor')
  if (wx.request === request) throw new Error('the monitor did not wrap wx.request')
  // the page shows, as in an app: minimon learns it from the lifecycle (an adapter's report, or core's own
  // Page() wrapper), the reference SDK asks getCurrentPages() on every request
  monitor.lifecycle('pageShow', PAGES[0].route)

  // The reference SDK keeps the `wx` it finds at init; each SDK then has an object of its own.
  const ref = await referenceModule()
  const refWx = fakeWx(referenceRequest)
  if (ref) {
    globalThis.wx = refWx
    ref.init({ service: 'bench', serviceVersion: '1.0.0', collector: 'https://collector.invalid:4318', flushInterval: 3600000 })
    globalThis.wx = wx
    if (refWx.request === referenceRequest) throw new Error('the reference SDK did not wrap wx.request')
  }

  const bare = { request: bareRequest }
  let done = 0
  const success = () => {
    done++
  }
  const fail = () => {}
  const loop = (target, urls, mask) => (n) => {
    for (let i = 0; i < n; i++) target.request({ url: urls[i & mask], method: 'GET', header: HEADER, data: DATA, success, fail })
  }
  const loops = { bare: loop(bare, URLS, 7), wrapped: loop(wx, URLS, 7) }
  const successLoops = {
    ...loops,
    'bare.newUrl': loop(bare, NEW_URLS, 4095),
    'wrapped.newUrl': loop(wx, NEW_URLS, 4095),
    ...(ref && { reference: loop(refWx, URLS, 7), 'reference.newUrl': loop(refWx, NEW_URLS, 4095) }),
  }
  const rounds = jitless ? (quick ? 7 : 15) : quick ? 11 : 25
  const n = jitless ? (quick ? 1000 : 2000) : quick ? 10000 : 20000
  // the success rounds run six loops, three of them slow (the reference SDK, new URLs): half the calls each
  const successN = jitless ? n : n / 2

  const figures = {}
  // The whole observation first, on fresh JIT state, as in an app where every request calls back: timed after
  // 10^5 call-only calls, V8 keeps code tuned to a wrapper whose callbacks never run and the figure doubles
  // (≈ 0.55 µs instead of ≈ 0.27 µs here).
  for (const mode of jitless ? ['callAndSuccess'] : ['callAndSuccess', 'callOnly']) {
    callBack = mode === 'callAndSuccess'
    // each mode starts from a collected heap, not from the garbage the other mode left behind
    if (globalThis.gc) globalThis.gc()
    await new Promise((r) => setTimeout(r, 15))
    const t = perCallRounds(callBack ? successLoops : loops, { rounds, n: callBack ? successN : n })
    for (const [name, samples] of Object.entries(t)) figures[`${mode}.${name}`] = fig('ns', samples)
    figures[mode + '.own'] = fig('ns', minus(t.wrapped, t.bare))
    if (t['wrapped.newUrl']) figures[mode + '.newUrl.own'] = fig('ns', minus(t['wrapped.newUrl'], t['bare.newUrl']))
    if (t.reference) {
      figures[mode + '.reference.own'] = fig('ns', minus(t.reference, t.bare))
      figures[mode + '.reference.newUrl.own'] = fig('ns', minus(t['reference.newUrl'], t['bare.newUrl']))
    }
  }
  // bytes after all timings: the long allocation batches leave the heap and the JIT in a state that would
  // colour the timing of whatever runs next
  for (const mode of jitless ? [] : ['callOnly', 'callAndSuccess']) {
    callBack = mode === 'callAndSuccess'
    const contenders = { bare: loops.bare, wrapped: loops.wrapped, ...(ref && callBack && { reference: successLoops.reference }) }
    const bytes = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]))
    // the reference allocates ~3 KB per call: 500 calls keep its batch inside the young generation too
    for (let r = 0; r < (quick ? 3 : 7); r++) for (const k in contenders) bytes[k].push(await bytesPerCall(contenders[k], k === 'reference' ? 500 : 2000))
    figures[mode + '.bytes.bare'] = { unit: 'B', wall: bytes.bare }
    figures[mode + '.bytes.wrapped'] = { unit: 'B', wall: bytes.wrapped }
    figures[mode + '.bytes.own'] = { unit: 'B', wall: bytes.wrapped.map((w, i) => w - bytes.bare[i]) }
    if (bytes.reference) figures[mode + '.bytes.reference.own'] = { unit: 'B', wall: bytes.reference.map((w, i) => w - bytes.bare[i]) }
  }
  if (done < 0) console.log(done)
  await monitor.shutdown().catch(() => {})
  if (ref) ref.shutdown()
  return { figures, info: { calls: { callOnly: n, callAndSuccess: successN }, rounds, jitless, reference: !!ref } }
}

await main(import.meta.url, run)
