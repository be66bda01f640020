#!/usr/bin/env node
// Builds every workspace package that lists `minimon.entries` in its package.json:
// ESM (.mjs) + CJS (.js) per entry with esbuild at ES2015 syntax, then .d.ts with tsc; for packages whose
// `miniprogram` field is miniprogram_dist, also the minified CJS entries there.
// Dependencies and peers stay external; a package's own modules are bundled into each entry.
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const only = process.argv.slice(2)

function packages() {
  const dirs = ['core', ...['adapters', 'playground'].flatMap((d) =>
    existsSync(join(root, d)) ? readdirSync(join(root, d)).map((n) => join(d, n)) : [])]
  return dirs
    .map((dir) => ({ dir: join(root, dir), file: join(root, dir, 'package.json') }))
    .filter((p) => existsSync(p.file))
    .map((p) => ({ ...p, pkg: JSON.parse(readFileSync(p.file, 'utf8')) }))
    .filter((p) => p.pkg.minimon?.entries && (only.length === 0 || only.includes(p.pkg.name)))
}

const tsc = join(root, 'node_modules/typescript/bin/tsc')

// dependencies first: a package's .d.ts build reads the .d.ts of the workspace packages it imports
function ordered(list) {
  const byName = new Map(list.map((p) => [p.pkg.name, p]))
  const out = []
  const seen = new Set()
  const visit = (p) => {
    if (seen.has(p.pkg.name)) return
    seen.add(p.pkg.name)
    const deps = Object.keys({ ...p.pkg.dependencies, ...p.pkg.devDependencies, ...p.pkg.peerDependencies })
    for (const d of deps) if (byName.has(d)) visit(byName.get(d))
    out.push(p)
  }
  list.forEach(visit)
  return out
}

for (const { dir, pkg } of ordered(packages())) {
  const started = Date.now()
  const out = join(dir, 'dist')
  rmSync(out, { recursive: true, force: true })
  const external = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })
  const entryPoints = pkg.minimon.entries.map((e) => {
    const ts = join(dir, 'src', `${e}.ts`)
    return existsSync(ts) ? ts : join(dir, 'src', `${e}.tsx`)
  })
  const common = {
    entryPoints,
    bundle: true,
    outdir: out,
    target: pkg.minimon.target ?? 'es2015',
    platform: pkg.minimon.platform ?? 'neutral',
    external: [...external, ...external.map((e) => `${e}/*`), ...(pkg.minimon.platform === 'node' ? [] : [])],
    jsx: 'automatic',
    logLevel: 'warning',
    legalComments: 'none',
    mainFields: ['module', 'main'],
  }
  await build({ ...common, format: 'esm', outExtension: { '.js': '.mjs' } })
  await build({ ...common, format: 'cjs', outExtension: { '.js': '.js' } })
  // WeChat's "Build npm" copies every file of the `miniprogram` directory into the app: that directory holds
  // the CommonJS entries alone, minified (no .mjs, no .d.ts)
  if (pkg.miniprogram === 'miniprogram_dist') {
    const mp = join(dir, 'miniprogram_dist')
    rmSync(mp, { recursive: true, force: true })
    const names = pkg.minimon.miniprogramEntries ?? pkg.minimon.entries
    // a production build: no bundler comes after it to fold `process.env.NODE_ENV` (core's prose is development-only)
    await build({
      ...common,
      entryPoints: entryPoints.filter((_, i) => names.includes(pkg.minimon.entries[i])),
      outdir: mp,
      format: 'cjs',
      minify: true,
      define: { 'process.env.NODE_ENV': '"production"' },
    })
    // the development switch of apps that no bundler builds: one entry with the full messages, as
    // `development.js` (never required by the production entries, so it ships only where an app requires it)
    const dev = pkg.minimon.developmentEntry
    if (dev)
      await build({
        ...common,
        entryPoints: [entryPoints[pkg.minimon.entries.indexOf(dev)]],
        entryNames: 'development',
        outdir: mp,
        format: 'cjs',
        minify: true,
        define: { 'process.env.NODE_ENV': '"development"' },
      })
  }
  if (existsSync(join(dir, 'tsconfig.json'))) {
    execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--emitDeclarationOnly'], { stdio: 'inherit' })
  }
  console.log(`built ${pkg.name} in ${Date.now() - started} ms`)
}
