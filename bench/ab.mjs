#!/usr/bin/env node
// A/B of two or more builds of core's index entry IN ONE PROCESS, rounds interleaved: on a shared machine,
// separate processes swing by tens of percent, which hides any change smaller than that; in one process the
// builds share the machine's state round by round.
//   - request: each build wraps its own wx-like object (a no-op `request` that calls `success` at once), its
//     page reported shown; per call + success, on 8 URLs that repeat and on a new URL every call
//   - capture: each build subscribes on its own wx-like object; its wx.onError listener gets WeChat's
//     one-string errors (flat, distinct), 200 per round, the queue drained between rounds outside the timing
// Figures: the median CPU ns per call of each build, after the first rounds. Run with and without --jitless.
//
//   node [--jitless] bench/ab.mjs <request|capture> core/dist/index.mjs /tmp/other-build.mjs [...]
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { wechatErrorString } from '@minimon/sim'
import { errorEvents } from './lib/data.mjs'
import { fakeWx } from './lib/fake-wx.mjs'

const [what, ...files] = process.argv.slice(2)
if (!['request', 'capture'].includes(what) || files.length < 2) {
  console.error('usage: node [--jitless] bench/ab.mjs <request|capture> <build.mjs> <build.mjs> [...]')
  process.exit(2)
}
const jitless = process.execArgv.includes('--jitless')
const PAGE = 'pages/goods/detail'
globalThis.getCurrentPages = () => [{ route: PAGE }]

const ok = { statusCode: 200, data: '{}', header: {}, errMsg: 'request:ok' }
/** The host's request: answers `success` at once. */
function request(o) {
  if (o && typeof o.success === 'function') o.success(ok)
  return {}
}

const builds = []
for (const file of files) {
  const b = { name: `${builds.length + 1}: ${file}`, hook: undefined, wx: undefined, monitor: undefined }
  b.wx = globalThis.wx = fakeWx(request, (fn) => (b.hook = fn))
  // a copy per build even when two paths name the same file: each gets a module instance of its own
  const core = await import(pathToFileURL(resolve(file)).href + '?build=' + builds.length)
  b.monitor = core.init({ service: 'bench', serviceVersion: '1.0.0', collector: 'https://collector.invalid:4318', flushInterval: 3600000, ...(what === 'capture' && { enable: { perf: false, request: false } }) })
  if (!b.monitor.enabled) throw new Error(file + ': init() returned a disabled monitor')
  b.monitor.lifecycle('pageShow', PAGE)
  builds.push(b)
}

const cpu = (fn) => {
  const c0 = process.cpuUsage()
  const n = fn()
  const c = process.cpuUsage(c0)
  return ((c.user + c.system) * 1000) / n
}
const series = {}
const add = (key, v) => (series[key] = series[key] || []).push(v)

if (what === 'request') {
  const seen = Array.from({ length: 8 }, (_, i) => 'https://api.shop.example.com/v1/goods/' + (1000 + i) + '?from=index')
  const fresh = Array.from({ length: 4096 }, (_, i) => 'https://api.shop.example.com/v1/goods/' + (100000 + i) + '?from=index')
  const header = { 'content-type': 'application/json' }
  const data = { page: 1 }
  const success = () => {}
  const fail = () => {}
  const N = jitless ? 2000 : 20000
  const calls = (wx, urls, mask) => () => {
    for (let i = 0; i < N; i++) wx.request({ url: urls[i & mask], method: 'GET', header, data, success, fail })
    return N
  }
  for (let r = 0; r < 30; r++)
    for (let i = 0; i < builds.length; i++) {
      const b = builds[(i + r) % builds.length]
      const s = cpu(calls(b.wx, seen, 7))
      const f = cpu(calls(b.wx, fresh, 4095))
      if (r >= 3) add(b.name + '\tseen', s), add(b.name + '\tnew URL', f)
    }
} else {
  const base = errorEvents(200)
  let serial = 0
  // flat strings, as the platform's bridge hands them over
  const batch = () => base.map((e) => JSON.parse(JSON.stringify(wechatErrorString({ message: e.message + ' #' + serial++, stack: e.stack }))))
  for (let r = 0; r < (jitless ? 40 : 100); r++)
    for (let i = 0; i < builds.length; i++) {
      const b = builds[(i + r) % builds.length]
      const list = batch()
      const ns = cpu(() => {
        for (let j = 0; j < list.length; j++) b.hook(list[j])
        return list.length
      })
      if (r >= 5) add(b.name + '\thook', ns)
      await b.monitor.flush()
    }
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]
console.log(`${what}${jitless ? ' (--jitless)' : ''}: median CPU ns per call`)
for (const key of Object.keys(series).sort()) console.log(median(series[key]).toFixed(0).padStart(7), ' ', key.replace('\t', '  '))
process.exit(0)
