// Size of the adapter on top of core: dist/index.mjs bundled with vue, @dcloudio/uni-app and @minimon/core
// external, minified, gzipped. Run after `node scripts/build.mjs @minimon/uni-app` (from the workspace root).
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const entry = join(dirname(fileURLToPath(import.meta.url)), '../dist/index.mjs')
const r = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2015',
  write: false,
  external: ['vue', '@dcloudio/uni-app', '@minimon/core'],
})
const code = r.outputFiles[0].contents
const gz = gzipSync(code).length
console.log(`@minimon/uni-app: ${code.length} B min, ${gz} B min+gzip (budget 1536 B)`)
if (gz > 1536) process.exitCode = 1
