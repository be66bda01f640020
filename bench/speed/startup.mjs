#!/usr/bin/env node
// Import → init() returns, in a fresh node process per sample (no module cache, no JIT state carried over).
// Each child first installs the simulated WeChat host (@minimon/sim; not timed), then times
//   core:     await import(core/dist/index.mjs) + init({...})   (what `import('@minimon/core')` loads)
//   core.min: the same from the minified ES2017 bundle of that entry
//   wechat.min: the minified ES2017 bundle of core/dist/wechat.mjs (`@minimon/core/wechat`), what a WeChat
//             mini program build ships: the budget is judged on it
//   empty:    await import(an empty module)                      (the floor: the module loader's own cost)
// Every module is imported by file URL, resolved beforehand (package resolution is no cost a mini program
// pays). Samples rotate core / core.min / empty; "over empty" pairs each core sample with the empty sample
// of the same rotation.
//
//   node bench/speed/startup.mjs [--json] [--quick]
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { main } from '../lib/cli.mjs'
import { out } from '../lib/paths.mjs'

const CHILD = fileURLToPath(new URL('./startup-child.mjs', import.meta.url))

export async function run({ quick = false } = {}) {
  mkdirSync(out, { recursive: true })
  const empty = join(out, 'empty.mjs')
  writeFileSync(empty, 'export {}\n')
  const coreUrl = import.meta.resolve('@minimon/core')
  const min = join(out, 'core-index.min.mjs')
  await build({ entryPoints: [fileURLToPath(coreUrl)], bundle: true, format: 'esm', target: 'es2017', minify: true, outfile: min, logLevel: 'error' })
  const wechatMin = join(out, 'core-wechat.min.mjs')
  await build({ entryPoints: [fileURLToPath(import.meta.resolve('@minimon/core/wechat'))], bundle: true, format: 'esm', target: 'es2017', minify: true, outfile: wechatMin, logLevel: 'error' })
  const urls = { core: coreUrl, 'core.min': pathToFileURL(min).href, 'wechat.min': pathToFileURL(wechatMin).href, empty: pathToFileURL(empty).href }
  const samples = quick ? 8 : 12
  const one = (what) =>
    JSON.parse(execFileSync(process.execPath, [CHILD, urls[what], what === 'empty' ? 'empty' : 'core'], { cwd: out, encoding: 'utf8' }).trim().split('\n').pop())
  for (const w of Object.keys(urls)) one(w) // warm the file system cache
  const r = { core: [], 'core.min': [], 'wechat.min': [], empty: [] }
  const names = Object.keys(r)
  for (let i = 0; i < samples; i++) {
    const k = i % names.length
    const round = {}
    for (const what of names.slice(k).concat(names.slice(0, k))) {
      round[what] = one(what)
      if (what !== 'empty' && !round[what].enabled) throw new Error('init() returned a disabled monitor')
    }
    for (const w of names) r[w].push(round[w])
  }
  const col = (w, f) => r[w].map((x) => x[f])
  return {
    figures: {
      core: { unit: 'ms', wall: col('core', 'total'), cpu: col('core', 'cpu') },
      'core.import': { unit: 'ms', wall: col('core', 'import') },
      'core.init': { unit: 'ms', wall: col('core', 'init') },
      'core.min': { unit: 'ms', wall: col('core.min', 'total'), cpu: col('core.min', 'cpu') },
      empty: { unit: 'ms', wall: col('empty', 'total'), cpu: col('empty', 'cpu') },
      overEmpty: {
        unit: 'ms',
        wall: r.core.map((x, i) => x.total - r.empty[i].total),
        cpu: r.core.map((x, i) => x.cpu - r.empty[i].cpu),
      },
      'core.min.overEmpty': {
        unit: 'ms',
        wall: r['core.min'].map((x, i) => x.total - r.empty[i].total),
        cpu: r['core.min'].map((x, i) => x.cpu - r.empty[i].cpu),
      },
      'wechat.min': { unit: 'ms', wall: col('wechat.min', 'total'), cpu: col('wechat.min', 'cpu') },
      'wechat.min.overEmpty': {
        unit: 'ms',
        wall: r['wechat.min'].map((x, i) => x.total - r.empty[i].total),
        cpu: r['wechat.min'].map((x, i) => x.cpu - r.empty[i].cpu),
      },
    },
    info: { samples },
  }
}

await main(import.meta.url, run)
