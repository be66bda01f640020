#!/usr/bin/env node
// `pnpm bench` (after scripts/build.mjs): every size and speed figure of DESIGN.md's "Budgets", measured
// side by side in one run, and written to bench/RESULTS.md.
//
//   node bench/run.mjs [--quick] [--passes=N] [--only=encode,request,capture,persist,startup] [--no-size]
//                      [--no-speed] [--no-write] [--out=FILE]
//
// Size is deterministic (measured once). Each speed script runs in its own node process, `--passes` times
// (default 2), alternating with the other scripts; the rounds of all passes are pooled, and every figure is
// reported as the median with its p10–p90 spread, in wall-clock time and in process CPU time.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { buildCoreInternals } from './lib/core-src.mjs'
import { bench } from './lib/paths.mjs'
import { range, summarize, time } from './lib/stats.mjs'
import { measureSizes, sizeTable } from './size.mjs'

const args = process.argv.slice(2)
const opt = (name, fallback) => {
  const a = args.find((x) => x.startsWith(`--${name}=`))
  return a ? a.slice(name.length + 3) : fallback
}
const quick = args.includes('--quick')
const passes = Math.max(1, +opt('passes', quick ? 1 : 2))
const only = opt('only', '').split(',').filter(Boolean)
const outFile = opt('out', join(bench, 'RESULTS.md'))
const started = Date.now()

const SPEED = [
  { id: 'encode', file: 'speed/encode.mjs', flags: ['--expose-gc'] },
  { id: 'request', file: 'speed/request.mjs', flags: ['--expose-gc'] },
  { id: 'capture', file: 'speed/capture.mjs', flags: ['--expose-gc'] },
  { id: 'persist', file: 'speed/persist.mjs', flags: ['--expose-gc'] },
  { id: 'breadcrumb', file: 'speed/breadcrumb.mjs', flags: ['--expose-gc'] },
  { id: 'startup', file: 'speed/startup.mjs', flags: [] },
].filter((s) => !only.length || only.includes(s.id))

function version(name) {
  try {
    return JSON.parse(readFileSync(join(bench, 'node_modules', name, 'package.json'), 'utf8')).version
  } catch {
    return '?'
  }
}

const machine = {
  cpu: os.cpus()[0]?.model?.trim() || 'unknown',
  cores: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
  memory: Math.round(os.totalmem() / 2 ** 30) + ' GiB',
  node: process.version,
  v8: process.versions.v8,
  platform: `${os.platform()} ${os.release()}`,
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  loadBefore: os.loadavg().map((x) => x.toFixed(2)).join(' '),
}
const versions = Object.fromEntries(
  ['@minimon/core', '@minimon/sim', '@opentelemetry/otlp-transformer', 'protobufjs', 'sentry-miniapp', 'aegis-mp-sdk', 'tinybench', 'esbuild'].map((n) => [n, version(n)]),
)

console.log(`minimon bench — ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, load ${machine.loadBefore}`)

// ---- size ----
const budgets = JSON.parse(readFileSync(join(bench, 'budgets.json'), 'utf8'))
let sizes = []
if (!args.includes('--no-size')) {
  sizes = await measureSizes()
  console.log('\n' + sizeTable(sizes, budgets.size) + '\n')
}

// ---- speed ----
const results = {}
const failures = {}
if (!args.includes('--no-speed') && SPEED.length) {
  await buildCoreInternals()
  for (let pass = 1; pass <= passes; pass++) {
    for (const s of SPEED) {
      const t0 = Date.now()
      process.stdout.write(`speed ${s.id} (pass ${pass}/${passes}) … `)
      const r = spawnSync(process.execPath, [...s.flags, join(bench, s.file), '--json', ...(quick ? ['--quick'] : [])], {
        cwd: bench,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout: 300_000,
      })
      const last = (r.stdout || '').trim().split('\n').pop()
      let parsed
      try {
        parsed = r.status === 0 ? JSON.parse(last) : undefined
      } catch {
        parsed = undefined
      }
      if (!parsed) {
        failures[s.id] = ((r.stderr || '') + (r.error ? String(r.error) : '')).trim().split('\n').slice(-6).join(' / ') || `exit ${r.status}`
        console.log(`FAILED (${failures[s.id]})`)
        continue
      }
      console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`)
      const into = (results[s.id] = results[s.id] || { figures: {}, info: parsed.info, passes: 0 })
      into.passes++
      for (const [id, f] of Object.entries(parsed.figures)) {
        const g = (into.figures[id] = into.figures[id] || { unit: f.unit, wall: [], cpu: [] })
        g.wall.push(...f.wall)
        if (f.cpu) g.cpu.push(...f.cpu)
      }
    }
  }
}
machine.loadAfter = os.loadavg().map((x) => x.toFixed(2)).join(' ')
const elapsed = (Date.now() - started) / 1000

// ---- report ----
/** Summary of one speed figure, in its unit: { wall, cpu } or undefined when it was not measured. */
function get(script, id) {
  const f = results[script] && results[script].figures[id]
  if (!f || !f.wall.length) return undefined
  return { unit: f.unit, wall: summarize(f.wall), cpu: f.cpu.length ? summarize(f.cpu) : undefined }
}
const toMs = (unit, v) => (unit === 'ns' ? v / 1e6 : v)
function show(fig, { cpu = true } = {}) {
  if (!fig) return '–'
  if (fig.unit === 'B') return `${fig.wall.median.toFixed(0)} B (${fig.wall.p10.toFixed(0)}–${fig.wall.p90.toFixed(0)})`
  const ms = (x) => ({ median: toMs(fig.unit, x.median), p10: toMs(fig.unit, x.p10), p90: toMs(fig.unit, x.p90) })
  let s = range(ms(fig.wall))
  if (cpu && fig.cpu) s += `; CPU ${time(toMs(fig.unit, fig.cpu.median))}`
  return s
}
const cpuMs = (fig) => (fig ? toMs(fig.unit, (fig.cpu || fig.wall).median) : NaN)
function status(value, budget) {
  if (!Number.isFinite(value)) return 'not measured'
  return value <= budget ? '**pass**' : `**FAIL** (${(value / budget).toFixed(1)}× budget)`
}
function sizeStatus(kb, budget) {
  if (!Number.isFinite(kb)) return 'not measured'
  return kb <= budget ? '**pass**' : `**FAIL** (+${(kb - budget).toFixed(2)} KB)`
}
const kbOf = (id) => {
  const r = sizes.find((x) => x.id === id)
  return r && !r.missing ? r.gzip / 1024 : NaN
}
const kbText = (id) => {
  const v = kbOf(id)
  return Number.isFinite(v) ? v.toFixed(2) + ' KB' : '–'
}

/**
 * The encoding budgets were set against otlp-transformer on DESIGN.md's machine; this machine's speed is
 * read from otlp-transformer in the same run: the budget is also shown scaled by that ratio, and the
 * issue's own bar (at least 2× faster than otlp-transformer on the same data) is checked directly.
 */
function encodeStatus(kind, budget, otelReference) {
  const core = cpuMs(enc(kind + '.core'))
  const otel = cpuMs(enc(kind + '.otel'))
  if (!Number.isFinite(core) || !Number.isFinite(otel)) return 'not measured'
  const scaled = budget * (otel / otelReference)
  const faster = otel / core
  return [
    `as written: ${status(core, budget)}`,
    `scaled to this machine (otlp-transformer ${fmtMs(otel)} here vs ${otelReference} ms): ≤ ${fmtMs(scaled)} ${core <= scaled ? '**pass**' : '**FAIL**'}`,
    `${faster.toFixed(1)}× otlp-transformer's speed (≥ 2×): ${faster >= 2 ? '**pass**' : '**FAIL**'}`,
  ].join('; ')
}
const fmtMs = (ms) => (ms >= 1 ? ms.toFixed(2) + ' ms' : (ms * 1000).toFixed(0) + ' µs')

const L = []
L.push('# minimon benchmarks')
L.push('')
L.push('Generated by `pnpm bench` (`node scripts/build.mjs && node bench/run.mjs`); do not edit by hand. See bench/README.md for the method.')
L.push('')
L.push(`- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory}, ${machine.platform}`)
L.push(`- Node ${machine.node} (V8 ${machine.v8}), ${machine.date}, ${elapsed.toFixed(0)} s for the whole run${quick ? ' (--quick)' : ''}`)
L.push(`- Load average (1/5/15 min) before: ${machine.loadBefore}; after: ${machine.loadAfter} — on a shared machine wall-clock figures carry the other processes' load; CPU time (user + system of the benchmark process) does not, so budgets are judged on CPU time`)
L.push(`- Versions: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', ')}`)
L.push(`- Speed: ${passes} pass(es) of each script in a fresh process; figures are median (p10–p90) over all rounds of all passes`)
L.push('')

// -- budgets summary, next to DESIGN.md's reference figures --
const enc = (id) => get('encode', id)
const req = (id) => get('request', id)
const cap = (id) => get('capture', id)
const st = (id) => get('startup', id)
const sizeBudget = budgets.size
L.push('## Budgets (DESIGN.md) and our figures')
L.push('')
L.push('| what | reference (DESIGN.md) | measured here, same run | minimon | budget | status |')
L.push('|---|---|---|---|---|---|')
if (sizes.length) {
  const peerKB = (id) => kbText(id)
  L.push(
    `| core for WeChat + Alipay (the \`miniprogram\` entry), min+gzip | reference SDK 8.5 KB (sentry-miniapp 1.x ≈ 50 KB) | sentry-miniapp ${versions['sentry-miniapp']} ${peerKB('peer:sentry-miniapp')}; aegis-mp-sdk ${peerKB('peer:aegis-mp-sdk')}; otlp-transformer serializers ${peerKB('peer:otlp-transformer')}; protobufjs/minimal ${peerKB('peer:protobufjs-minimal')}; reference SDK not on npm | ${kbText('core:miniprogram')} (\`index\`, with the H5 host too: ${kbText('core:index')}) | ≤ ${sizeBudget['core:miniprogram'].toFixed(1)} KB | ${sizeStatus(kbOf('core:miniprogram'), sizeBudget['core:miniprogram'])} |`,
  )
  for (const p of ['wechat', 'alipay'])
    L.push(`| core, one platform (\`${p}\`) | | | ${kbText('core:' + p)} | ≤ ${sizeBudget['core:' + p].toFixed(1)} KB | ${sizeStatus(kbOf('core:' + p), sizeBudget['core:' + p])} |`)
  for (const r of sizes.filter((x) => x.kind === 'adapter'))
    L.push(
      `| adapter ${r.name}, on top of core (core external) | | ${r.together ? `bundled with core \`${r.together.core}\`, minus that entry alone: ${(r.together.gzip / 1024).toFixed(2)} KB; together: ${(r.together.total.gzip / 1024).toFixed(2)} KB` : ''} | ${r.missing ? 'not built' : kbText(r.id)} | ≤ ${(sizeBudget[r.id] ?? 1.5).toFixed(1)} KB | ${r.missing ? 'skipped' : sizeStatus(kbOf(r.id), sizeBudget[r.id] ?? 1.5)} |`,
    )
}
if (results.encode) {
  const i = results.encode.info
  L.push(
    `| OTLP protobuf, ${i.logs.records.toLocaleString('en')} error logs (${(i.logs.bytes.core / 1000).toFixed(0)} KB) | otlp-transformer 7.5 ms; reference SDK 86 ms; copying the bytes 0.1 ms | otlp-transformer ${show(enc('logs.otel'))}; copy (fresh buffer) ${show(enc('logs.copy'))}; copy into an existing buffer ${show(enc('logs.copyInto'))} | ${show(enc('logs.core'))} | ≤ ${budgets.speed.encodeLogs1000.ms} ms | ${encodeStatus('logs', budgets.speed.encodeLogs1000.ms, 7.5)} |`,
  )
  L.push(
    `| OTLP protobuf, ${i.metrics.histogramPoints} histogram points + ${i.metrics.gauges} gauges (${(i.metrics.bytes.core / 1000).toFixed(0)} KB) | otlp-transformer 0.38 ms; reference SDK 9.5 ms | otlp-transformer ${show(enc('metrics.otel'))}; copy (fresh buffer) ${show(enc('metrics.copy'))} | ${show(enc('metrics.core'))} | ≤ ${budgets.speed.encodeMetrics250.ms} ms | ${encodeStatus('metrics', budgets.speed.encodeMetrics250.ms, 0.38)} |`
  )
}
if (results.request) {
  const b = budgets.speed.requestWrapper
  for (const [mode, label] of [
    ['callAndSuccess', 'call + success callback (whole observation)'],
    ['callOnly', 'call only (host never calls back)'],
  ]) {
    const own = req(mode + '.own')
    const bytes = req(mode + '.bytes.own')
    const okNs = status(cpuMs(own), b.ns / 1e6)
    const okB = bytes ? (bytes.wall.median <= b.bytes ? '**pass**' : `**FAIL** (${(bytes.wall.median / b.bytes).toFixed(1)}× budget)`) : 'not measured'
    L.push(
      `| request wrapper, own cost per call: ${label} | reference SDK 2.7 µs and 3.6 KB allocated (bare call 22 ns) | bare call ${show(req(mode + '.bare'))} | ${show(own)}; ${show(bytes)} allocated | ≤ 0.5 µs, ≤ 1 KB | time ${okNs}; memory ${okB} |`,
    )
  }
}
if (results.capture) {
  for (const [id, label] of [
    ['hook', 'wx.onError hook (platform string) → queued'],
    ['captureError', 'monitor.captureError(Error) → queued'],
    ['folded', 'captureError, repeat folded into the queued event'],
  ]) {
    const f = cap(id)
    L.push(
      `| error capture: ${label} | reference SDK 1.4 µs, 3 KB | | ${show(f)}; ${show(cap(id + '.bytes'))} allocated | ≤ 0.5 µs | ${status(cpuMs(f), budgets.speed.captureError.ns / 1e6)} |`,
    )
  }
}
if (results.breadcrumb) {
  const bc = (id) => get('breadcrumb', id)
  const own = cpuMs(req('callAndSuccess.own'))
  for (const [id, label] of [
    ['request', 'request (message from method, URL group, status, duration; ring full)'],
    ['tap', 'tap (tapBreadcrumbs: handler, id, dataset keys; minus the bare handler)'],
  ]) {
    const f = bc(id)
    const share = Number.isFinite(own) && f ? ` (${Math.round((100 * cpuMs(f)) / own)}% of the request wrapper's own cost measured in this run)` : ''
    L.push(
      `| breadcrumb, per ${label} | — | | ${show(f)}; ${show(bc(id + '.bytes'))} allocated${share} | ≤ ${budgets.speed.breadcrumb.ns} ns | ${status(cpuMs(f), budgets.speed.breadcrumb.ns / 1e6)} |`,
    )
  }
}
if (results.startup) {
  const over = st('overEmpty')
  L.push(
    `| import → \`init()\` returns (fresh process, sim installed) | reference SDK +1.8 ms over an empty module | empty module import ${show(st('empty'))}; core/dist \`index\` (every host, unminified): +${show(over)}; its minified bundle: +${show(st('core.min.overEmpty'))} | \`@minimon/core/wechat\` minified, as a WeChat build ships it: +${show(st('wechat.min.overEmpty'))} over it | ≤ ${budgets.speed.importInit.ms} ms | ${status(cpuMs(st('wechat.min.overEmpty')), budgets.speed.importInit.ms)} |`,
  )
}
L.push('')
L.push('Wall-clock median (p10–p90); "CPU" is the median CPU time per operation. Status uses the CPU median (the wall clock here is inflated by other processes on the shared cores; compare the copy-into-a-buffer figure with DESIGN.md\'s 0.1 ms to gauge this machine). Sizes: KB = 1024 bytes.')
L.push('')

// -- size details --
if (sizes.length) {
  L.push('## Size')
  L.push('')
  L.push('esbuild 0.28 bundle of each entry (ESM, ES2017, minified, `NODE_ENV=production`, browser resolution, every export kept), gzip level 9. Core has no dependencies; adapters are measured with `@minimon/core` and their framework peers external ("on top of core"), and also bundled together with the core entry their build keeps, minus that entry alone; Taro and uni-app are bundled as their WeChat builds bundle them (`process.env.TARO_ENV` = `weapp`, `process.env.UNI_PLATFORM` = `mp-weixin`), so each keeps only `@minimon/core/wechat`; peers are bundled with all their dependencies, as an app carries them.')
  L.push('')
  L.push(sizeTable(sizes, budgets.size))
  L.push('')
}

// -- speed details --
function figureTable(script, rows) {
  const out = ['| figure | wall median (p10–p90) | CPU median (p10–p90) | rounds |', '|---|---|---|---:|']
  for (const [id, label] of rows) {
    const f = get(script, id)
    if (!f) continue
    const fmt = (x) =>
      f.unit === 'B'
        ? `${x.median.toFixed(0)} B (${x.p10.toFixed(0)}–${x.p90.toFixed(0)})`
        : range({ median: toMs(f.unit, x.median), p10: toMs(f.unit, x.p10), p90: toMs(f.unit, x.p90) })
    out.push(`| ${label} | ${fmt(f.wall)} | ${f.cpu ? fmt(f.cpu) : '–'} | ${f.wall.n} |`)
  }
  return out.join('\n')
}

if (results.encode) {
  const i = results.encode.info
  const check = (c) => (c.equal ? `equal (${c.fieldsCompared.toLocaleString('en')} decoded fields compared)` : `**DIFFERENT** at ${c.diff.path}: ${JSON.stringify(c.diff.a)} vs ${JSON.stringify(c.diff.b)}`)
  L.push('## OTLP protobuf encoding')
  L.push('')
  L.push(`Same content through core's encoder (core/src/exporters/otlp.ts, bundled by esbuild at ES2015) and @opentelemetry/otlp-transformer ${i.otelVersion} \`ProtobufLogsSerializer\` / \`ProtobufMetricsSerializer\`.serializeRequest (on the ReadableLogRecord[] / ResourceMetrics the SDK would hand it). Both outputs decoded with the reference decoder (otlp-proto-ref: opentelemetry-proto classes generated by protobufjs) and compared on resource attributes, scope, timestamps, severity, bodies, attributes (logs); names, units, gauge values and times, histogram start/time, count, sum, min, max, bucket counts, explicit bounds, temporality and attributes (metrics).`)
  L.push('')
  L.push(`- 1,000 error logs: core ${i.logs.bytes.core.toLocaleString('en')} bytes, otlp-transformer ${i.logs.bytes.otel.toLocaleString('en')} bytes; decoded content ${check(i.logs.check)}`)
  L.push(`- ${i.metrics.histogramPoints} histogram points + ${i.metrics.gauges} gauges: core ${i.metrics.bytes.core.toLocaleString('en')} bytes, otlp-transformer ${i.metrics.bytes.otel.toLocaleString('en')} bytes; decoded content ${check(i.metrics.check)} (otlp-transformer also writes a gauge start time, which core leaves out)`)
  L.push('')
  L.push(
    figureTable('encode', [
      ['logs.core', 'logs: minimon core'],
      ['logs.otel', 'logs: otlp-transformer'],
      ['logs.copy', 'logs: copying the bytes (`slice()`: fresh buffer + copy)'],
      ['logs.copyInto', 'logs: copying the bytes into an existing buffer (`set()`)'],
      ['metrics.core', 'metrics: minimon core'],
      ['metrics.otel', 'metrics: otlp-transformer'],
      ['metrics.copy', 'metrics: copying the bytes (`slice()`)'],
      ['metrics.copyInto', 'metrics: copying the bytes into an existing buffer (`set()`)'],
    ]),
  )
  const ratio = (a, b) => {
    const x = get('encode', a)
    const y = get('encode', b)
    return x && y ? (y.cpu.median / x.cpu.median).toFixed(2) + '×' : '–'
  }
  L.push('')
  L.push(`otlp-transformer ÷ core (CPU medians): logs ${ratio('logs.core', 'logs.otel')}, metrics ${ratio('metrics.core', 'metrics.otel')} (above 1: core is faster).`)
  L.push('')
}
if (results.request) {
  L.push('## Request wrapper')
  L.push('')
  L.push('A minimal `wx` whose `request` is a no-op returning a task is installed before `init()`, so the real monitor (core/dist) wraps it with monitor.ts\'s hooks; the same options (url from 8 realistic URLs, method, header, data, success, fail) are passed to the wrapped function and to an identical unwrapped one. Own cost = wrapped − bare, per round. Bytes: heapUsed delta over 2,000 calls after a full GC, repeated; no GC inside the batch (smaller batches swing with the young generation\'s pages).')
  L.push('')
  L.push(
    figureTable('request', [
      ['callOnly.bare', 'call only: bare'],
      ['callOnly.wrapped', 'call only: wrapped'],
      ['callOnly.own', 'call only: own cost'],
      ['callOnly.bytes.own', 'call only: bytes allocated per call (own)'],
      ['callAndSuccess.bare', 'call + success: bare'],
      ['callAndSuccess.wrapped', 'call + success: wrapped'],
      ['callAndSuccess.own', 'call + success: own cost'],
      ['callAndSuccess.bytes.own', 'call + success: bytes allocated per call (own)'],
    ]),
  )
  L.push('')
}
if (results.capture) {
  L.push('## Error capture')
  L.push('')
  L.push('Real monitor (core/dist) in `@minimon/sim`\'s WeChat host, flushInterval 1 h. Each sample times 200 captures (below the send threshold), then, outside the timing, `flush()` drains the queue to a collector on 127.0.0.1, so every sample starts from an empty queue. Inputs: realistic messages and ~0.5 KB stacks, a distinct message per call (except "folded"). Bytes per event include the queued record.')
  L.push('')
  L.push(
    figureTable('capture', [
      ['hook', 'wx.onError listener (WeChat string) → queued'],
      ['hook.bytes', 'wx.onError: bytes per event'],
      ['captureError', 'captureError(Error) → queued'],
      ['captureError.bytes', 'captureError: bytes per event'],
      ['folded', 'captureError of the same Error again (folded: count++)'],
      ['folded.bytes', 'folded: bytes per event'],
      ['queueFull', 'captureError with 500 records waiting (each push drops the oldest)'],
    ]),
  )
  L.push('')
}
if (results.persist) {
  const i = results.persist.info
  L.push('## Persistence of a full queue')
  L.push('')
  L.push(`core/src/pipeline/persist.ts \`createStore\` on a host whose getItem/setItem keep strings in a Map (1 MB per key, as WeChat). ${i.records} records (400 errors with stacks, 50 gauges, 50 histogram points): ${i.storedChars.toLocaleString('en')} characters stored (${(i.storedBytes / 1024).toFixed(0)} KB UTF-8), ${i.drops} dropped. No budget in DESIGN.md.`)
  L.push('')
  L.push(
    figureTable('persist', [
      ['write', 'write (save into an empty key, on app hide)'],
      ['writeMerge', 'write merged with the same 500 already stored'],
      ['restore', 'restore (load on the next launch)'],
    ]),
  )
  L.push('')
}
if (results.startup) {
  L.push('## Import → init()')
  L.push('')
  L.push(`A fresh node process per sample (${results.startup.info.samples} × ${results.startup.passes} of each, rotating): the WeChat sim is installed first (not timed), then \`await import()\` of core's index entry (core/dist/index.mjs, what \`import('@minimon/core')\` loads, and its minified bundle) or of the minified bundle of \`@minimon/core/wechat\` (what a WeChat build ships; the budget is judged on it) + \`init()\`, against \`await import()\` of an empty module. Modules are imported by file URL resolved beforehand (no package resolution). "over empty" pairs each sample with the empty sample of the same rotation.`)
  L.push('')
  L.push(
    figureTable('startup', [
      ['core', 'core/dist/index.mjs: import + init'],
      ['core.import', '… of which import'],
      ['core.init', '… of which init()'],
      ['core.min', 'minified ES2017 bundle of the same entry: import + init'],
      ['empty', 'empty module import'],
      ['overEmpty', 'core/dist: import + init over an empty module'],
      ['core.min.overEmpty', 'minified bundle: import + init over an empty module'],
      ['wechat.min', 'minified ES2017 bundle of @minimon/core/wechat: import + init'],
      ['wechat.min.overEmpty', '@minimon/core/wechat minified: import + init over an empty module'],
    ]),
  )
  L.push('')
}
if (Object.keys(failures).length) {
  L.push('## Not measured')
  L.push('')
  for (const [id, why] of Object.entries(failures)) L.push(`- ${id}: ${why}`)
  L.push('')
}

const md = L.join('\n')
if (!args.includes('--no-write')) writeFileSync(outFile, md)
console.log('\n' + md.split('## Size')[0])
console.log(`${args.includes('--no-write') ? 'not written' : 'written to ' + outFile} (${elapsed.toFixed(0)} s)`)
if (Object.keys(failures).length) process.exitCode = 1
