#!/usr/bin/env node
// Import → init() returns, in a fresh node process per sample (no module cache, no JIT state carried over).
// Each child first installs the simulated WeChat host (@minimon/sim; not timed), then times
//   core:       await import(core/dist/index.mjs) + init({...})   (what `import('@minimon/core')` loads)
//   core.min:   the same from the minified ES2017 bundle of that entry
//   wechat.min: the production bundle (lib/bundle.mjs: ESM, ES2017, minified, NODE_ENV=production) of
//               core/dist/wechat.mjs (`@minimon/core/wechat`), what a WeChat mini program build ships: the
//               budget and the ratio are judged on it
//   reference.min: the reference SDK's build (lib/reference.mjs) through the same production bundle
//   empty:      await import(an empty module)                      (the floor: the module loader's own cost)
// Every module is imported by file URL, resolved beforehand (package resolution is no cost a mini program
// pays). Samples rotate; "over empty" pairs each sample with the empty sample of the same rotation. `init()`
// alone is timed inside the same child (wall and CPU).
// Run with `node --jitless`, every child runs with it too (the interpreter iOS runs mini programs in); only
// wechat.min, reference.min and empty are sampled then.
//
//   node [--jitless] bench/speed/startup.mjs [--json] [--quick]
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { productionBundle } from '../lib/bundle.mjs'
import { main } from '../lib/cli.mjs'
import { out } from '../lib/paths.mjs'
import { REFERENCE_ENTRY, referenceAvailable } from '../lib/reference.mjs'

const CHILD = fileURLToPath(new URL('./startup-child.mjs', import.meta.url))

export async function run({ quick = false } = {}) {
  const jitless = process.execArgv.includes('--jitless')
  mkdirSync(out, { recursive: true })
  const empty = join(out, 'empty.mjs')
  writeFileSync(empty, 'export {}\n')
  const urls = { empty: pathToFileURL(empty).href }
  const coreUrl = import.meta.resolve('@minimon/core')
  if (!jitless) {
    const min = join(out, 'core-index.min.mjs')
    await build({ entryPoints: [fileURLToPath(coreUrl)], bundle: true, format: 'esm', target: 'es2017', minify: true, outfile: min, logLevel: 'error' })
    urls.core = coreUrl
    urls['core.min'] = pathToFileURL(min).href
  }
  urls['wechat.min'] = pathToFileURL(await productionBundle(fileURLToPath(import.meta.resolve('@minimon/core/wechat')), join(out, 'core-wechat.min.mjs'))).href
  if (referenceAvailable()) urls['reference.min'] = pathToFileURL(await productionBundle(REFERENCE_ENTRY, join(out, 'reference.min.mjs'))).href
  const samples = jitless ? (quick ? 6 : 14) : quick ? 8 : 12
  const flags = jitless ? ['--jitless'] : []
  const role = (what) => (what === 'empty' ? 'empty' : what === 'reference.min' ? 'reference' : 'minimon')
  const one = (what) => JSON.parse(execFileSync(process.execPath, [...flags, CHILD, urls[what], role(what)], { cwd: out, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop())
  const names = Object.keys(urls)
  for (const w of names) one(w) // warm the file system cache
  const r = Object.fromEntries(names.map((w) => [w, []]))
  for (let i = 0; i < samples; i++) {
    const k = i % names.length
    const round = {}
    for (const what of names.slice(k).concat(names.slice(0, k))) {
      round[what] = one(what)
      if (what !== 'empty' && !round[what].enabled) throw new Error(`${what}: init() did not start a monitor`)
    }
    for (const w of names) r[w].push(round[w])
  }
  const col = (w, f) => r[w].map((x) => x[f])
  const overEmpty = (w) => ({ unit: 'ms', wall: r[w].map((x, i) => x.total - r.empty[i].total), cpu: r[w].map((x, i) => x.cpu - r.empty[i].cpu) })
  const figures = { empty: { unit: 'ms', wall: col('empty', 'total'), cpu: col('empty', 'cpu') } }
  for (const w of names.filter((n) => n !== 'empty')) {
    figures[w] = { unit: 'ms', wall: col(w, 'total'), cpu: col(w, 'cpu') }
    figures[w + '.overEmpty'] = overEmpty(w)
    figures[w + '.import'] = { unit: 'ms', wall: col(w, 'import') }
    figures[w + '.init'] = { unit: 'ms', wall: col(w, 'init'), cpu: col(w, 'initCpu') }
  }
  // the names earlier reports used for core/dist index
  if (figures.core) {
    figures.overEmpty = figures['core.overEmpty']
    delete figures['core.overEmpty']
  }
  return { figures, info: { samples, jitless, reference: !!urls['reference.min'] } }
}

await main(import.meta.url, run)
