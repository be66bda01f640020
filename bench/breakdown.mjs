#!/usr/bin/env node
// Where an entry's bytes go: esbuild bundles it as bench/size.mjs does (ESM, ES2017, minified, production)
// and lists each source module's share of the minified output, largest first, then the min and min+gzip
// totals. For finding what to slim, not a budget.
//
//   node bench/breakdown.mjs [entry]     (default core/src/wechat.ts)
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'

const entry = process.argv[2] || 'core/src/wechat.ts'
const result = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2017',
  write: false,
  metafile: true,
  define: { 'process.env.NODE_ENV': '"production"' },
})
const output = Object.values(result.metafile.outputs)[0]
const rows = Object.entries(output.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
for (const [file, info] of rows) console.log(String(info.bytesInOutput).padStart(6), file)
const code = result.outputFiles[0].contents
console.log(`${entry}: ${code.length} B min, ${gzipSync(code, { level: 9 }).length} B min+gzip`)
