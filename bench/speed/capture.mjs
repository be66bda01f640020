#!/usr/bin/env node
// Error capture, hook → queued, per event. The real monitor (core/dist) runs in a simulated WeChat host
// (@minimon/sim, createSim({ platform: 'wechat' }).install()) with flushInterval 1 h, so no timer ever
// flushes, and the app is launched on one page first (as the wire run does). Each sample times 200 captures
// (below the queue's send threshold, so nothing is scheduled), then — outside the timing — drains the queue
// with monitor.flush() to a collector on 127.0.0.1 that answers 200, so every sample starts from an empty
// queue. Variants:
//   - hook: the platform's wx.onError listener called with WeChat's one-string error (distinct messages)
//   - captureError: monitor.captureError(err) with distinct Error objects (stack already formatted by V8)
//   - folded: the same Error captured again and again (folded into the queued event: count++)
//   - queue full: captureError when 500 records wait (every push drops the oldest and counts the drop)
//   - reference: the reference SDK's wx.onError listener (lib/reference.mjs) in the same process, fed the
//     same strings, in the same rotation. It keeps 200 records at most (its ring), exactly one sample; it
//     drains to the same collector with `encoding: 'json'`: its capture path is the same either way, and
//     its protobuf encoder would spend ~0.1 s of every sample's drain (see encode.mjs).
// Under `node --jitless` (the interpreter iOS runs mini programs in) fewer rounds.
// Bytes per event: heapUsed delta over a sample (the queued record included), no GC inside it.
// BENCH_CORE=path/to/bundle.mjs measures another build of core's index entry instead (A/B experiments).
//
//   node --expose-gc bench/speed/capture.mjs [--json] [--quick]
import { createServer } from 'node:http'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { main } from '../lib/cli.mjs'
import { errorEvents } from '../lib/data.mjs'
import { referenceModule } from '../lib/reference.mjs'

const BATCH = 200

function collector() {
  let received = 0
  const server = createServer((req, res) => {
    req.on('data', () => {})
    req.on('end', () => {
      received++
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 })
      res.end()
    })
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}`, received: () => received })))
}

const gc = () => globalThis.gc && globalThis.gc()

export async function run({ quick = false } = {}) {
  const { createSim, wechatErrorString } = await import('@minimon/sim')
  const sink = await collector()
  const sim = createSim({ platform: 'wechat' })
  // each SDK's wx.onError listener, kept as it subscribes (both listen on the same sim; each is called directly)
  const hooks = {}
  let subscriber = 'minimon'
  const onError = sim.api.onError
  sim.api.onError = function (fn) {
    hooks[subscriber] = fn
    return onError.call(this, fn)
  }
  const uninstall = sim.install()
  const core = await import(process.env.BENCH_CORE ? pathToFileURL(resolve(process.env.BENCH_CORE)).href : '@minimon/core')
  const monitor = core.init({ service: 'bench', serviceVersion: '1.0.0', collector: sink.url, flushInterval: 3600000, enable: { perf: false, request: false } })
  if (!monitor.enabled) throw new Error('init() returned a disabled monitor')
  const hook = hooks.minimon
  if (typeof hook !== 'function') throw new Error('the monitor did not subscribe to wx.onError')
  subscriber = 'reference'
  const ref = await referenceModule()
  if (ref) {
    ref.init({ service: 'bench', serviceVersion: '1.0.0', collector: sink.url, flushInterval: 3600000, encoding: 'json', enable: { perf: false, request: false } })
    if (typeof hooks.reference !== 'function') throw new Error('the reference SDK did not subscribe to wx.onError')
  }
  const jitless = process.execArgv.includes('--jitless')
  // errors happen in a running app, on a page: each SDK tags them with it, by its own means
  await sim.launch({ app: { app: {}, pages: { 'pages/goods/detail': {} } } })

  const base = errorEvents(BATCH)
  let serial = 0
  // Fresh, distinct inputs per sample (made outside the timing).
  const inputs = {
    // a flat string, as the platform hands it over (parsed from its native bridge), not the concatenation
    // the simulator builds it as: reading a concatenation first copies it whole, for either SDK
    hook: () => base.map((e) => JSON.parse(JSON.stringify(wechatErrorString({ message: e.message + ' #' + serial++, stack: e.stack })))),
    captureError: () =>
      base.map((e) => {
        const err = new Error(e.message + ' #' + serial++)
        err.stack = e.stack
        return err
      }),
    folded: () => {
      const err = new Error(base[0].message + ' #' + serial++)
      err.stack = base[0].stack
      return base.map(() => err)
    },
  }
  if (ref) inputs.reference = inputs.hook
  const calls = {
    hook: (list) => {
      for (let i = 0; i < list.length; i++) hook(list[i])
    },
    captureError: (list) => {
      for (let i = 0; i < list.length; i++) monitor.captureError(list[i])
    },
    folded: (list) => {
      for (let i = 0; i < list.length; i++) monitor.captureError(list[i])
    },
  }
  if (ref)
    calls.reference = (list) => {
      const h = hooks.reference
      for (let i = 0; i < list.length; i++) h(list[i])
    }
  const names = Object.keys(calls)
  const wall = Object.fromEntries(names.map((n) => [n, []]))
  const cpu = Object.fromEntries(names.map((n) => [n, []]))
  const bytes = Object.fromEntries(names.map((n) => [n, []]))
  const warmup = jitless ? 4 : quick ? 10 : 20
  const rounds = jitless ? (quick ? 12 : 30) : quick ? 24 : 60
  for (let r = -warmup; r < rounds; r++) {
    const k = ((r % names.length) + names.length) % names.length
    for (const name of names.slice(k).concat(names.slice(0, k))) {
      const list = inputs[name]()
      const measureBytes = r >= 0 && r % 5 === 0
      if (measureBytes) gc()
      const h0 = measureBytes ? process.memoryUsage().heapUsed : 0
      const c0 = process.cpuUsage()
      const t0 = process.hrtime.bigint()
      calls[name](list)
      const t1 = process.hrtime.bigint()
      const c1 = process.cpuUsage(c0)
      const h1 = measureBytes ? process.memoryUsage().heapUsed : 0
      // a sample that began with a forced GC gives bytes only: its timing would carry the GC's after-effects
      if (measureBytes) {
        if (h1 > h0) bytes[name].push((h1 - h0) / list.length)
      } else if (r >= 0) {
        wall[name].push(Number(t1 - t0) / list.length)
        cpu[name].push(((c1.user + c1.system) * 1000) / list.length)
      }
      await (name === 'reference' ? ref.flush() : monitor.flush())
    }
  }

  // Queue full: 500 records wait (nothing flushes while the loop runs), each capture drops the oldest.
  const full = { wall: [], cpu: [] }
  for (let r = 0; r < (jitless ? 3 : quick ? 5 : 10); r++) {
    const fill = inputs.captureError().concat(inputs.captureError(), inputs.captureError())
    calls.captureError(fill)
    const list = inputs.captureError()
    const c0 = process.cpuUsage()
    const t0 = process.hrtime.bigint()
    calls.captureError(list)
    const t1 = process.hrtime.bigint()
    const c1 = process.cpuUsage(c0)
    full.wall.push(Number(t1 - t0) / list.length)
    full.cpu.push(((c1.user + c1.system) * 1000) / list.length)
    await monitor.flush()
  }

  await monitor.shutdown()
  if (ref) ref.shutdown()
  uninstall()
  sink.server.close()
  const figures = {}
  for (const n of names) {
    figures[n] = { unit: 'ns', wall: wall[n], cpu: cpu[n] }
    figures[n + '.bytes'] = { unit: 'B', wall: bytes[n] }
  }
  figures.queueFull = { unit: 'ns', wall: full.wall, cpu: full.cpu }
  return { figures, info: { batch: BATCH, requestsReceived: sink.received(), jitless, reference: !!ref } }
}

await main(import.meta.url, run)
