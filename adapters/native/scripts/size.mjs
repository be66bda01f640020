#!/usr/bin/env node
// Size of @minimon/native on top of @minimon/core, min+gzip, as an app bundler ships them:
// (core + adapter) minus core alone, for the two-platform and the one-platform entries.
// Run after `node scripts/build.mjs @minimon/core @minimon/native`.
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const dir = join(dirname(fileURLToPath(import.meta.url)), '..')

async function size(contents) {
  const r = await build({ stdin: { contents, resolveDir: dir, loader: 'ts' }, bundle: true, minify: true, write: false, format: 'esm', target: 'es2015', logLevel: 'silent' })
  const bytes = r.outputFiles[0].contents
  return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
}

/** Sizes of each entry; `from: 'src'` measures the TypeScript sources (what dist/ is built from). */
export async function sizes({ from = 'dist' } = {}) {
  const out = {}
  for (const [entry, core] of [['index', '@minimon/core/miniprogram'], ['wechat', '@minimon/core/wechat'], ['alipay', '@minimon/core/alipay']]) {
    const base = await size(`export * from '${core}'`)
    const adapter = from === 'src' ? `./src/${entry}.ts` : `./dist/${entry}.mjs`
    const both = await size(`export * from '${core}'; export * from '${adapter}'`)
    out[entry] = { core: base, withAdapter: both, adapter: { min: both.min - base.min, gzip: both.gzip - base.gzip } }
  }
  return out
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [entry, s] of Object.entries(await sizes())) {
    console.log(`@minimon/native${entry === 'index' ? '' : '/' + entry}: +${s.adapter.min} B min, +${s.adapter.gzip} B min+gzip on top of core (core ${s.core.gzip} B → ${s.withAdapter.gzip} B)`)
  }
}
