#!/usr/bin/env node
// Builds the playground with `taro build --type <target>` unless the output is already up to date.
//
//   node scripts/build.mjs [weapp] [alipay] [h5] [tt] [swan] [qq] [jd] [--collector URL] [--out DIR] [--force] [--test]
//
// Output: <out>/<target> (default dist/<target>), reporting to --collector (default $MINIMON_COLLECTOR or
// http://127.0.0.1:4318). --test builds the copies the tests use: dist/test/<target>, reporting to
// TEST_PLACEHOLDER, which each test run rewrites to its own collector's address (copyWithCollector). Up to date means: the same collector URL and the same sources (src/, config/,
// babel.config.js, package.json) and the same built @minimon/core and @minimon/taro (their dist/), as
// recorded in <out>/<target>/.minimon-build.json. @minimon/taro's dist is built first when it is missing.
import { spawn, execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { locked } from '../../test-support/lock.mjs'

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const root = resolve(here, '../..')
export const TARGETS = ['weapp', 'alipay', 'h5', 'tt', 'swan', 'qq', 'jd']
export const DEFAULT_COLLECTOR = 'http://127.0.0.1:4318'
export const TEST_PLACEHOLDER = 'http://127.0.0.1:43188'
export const TEST_OUT = 'dist/test'

function files(dir) {
  if (!existsSync(dir)) return []
  const st = statSync(dir)
  if (st.isFile()) return [dir]
  return readdirSync(dir)
    .sort()
    .flatMap((n) => files(join(dir, n)))
}

/** A digest of everything a build's output depends on. */
export function fingerprint(target, collector) {
  const h = createHash('sha1')
  h.update(target + '\n' + collector + '\n')
  const inputs = [
    ...['src', 'config', 'babel.config.js', 'package.json'].flatMap((p) => files(join(here, p))),
    ...['core/dist', 'adapters/taro/dist'].flatMap((p) => files(join(root, p)).filter((f) => /\.m?js$/.test(f))),
    join(root, 'adapters/taro/plugin.js'),
    join(root, 'core/build.js'),
  ]
  for (const f of inputs) h.update(relative(root, f) + '\n').update(readFileSync(f))
  return h.digest('hex')
}

function run(cmd, args, env) {
  return new Promise((ok, fail) => {
    const p = spawn(cmd, args, { cwd: here, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    p.stdout.on('data', (d) => (out += d))
    p.stderr.on('data', (d) => (out += d))
    p.on('error', fail)
    p.on('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${out.slice(-4000)}`))))
  })
}

/**
 * Builds each target whose output is missing or stale, one after another (the machine may have 2 cores).
 * Resolves to { [target]: outputDir }.
 */
export async function ensureBuilt(targets = ['weapp', 'alipay'], options = {}) {
  const collector = options.collector || process.env.MINIMON_COLLECTOR || DEFAULT_COLLECTOR
  const out = resolve(here, options.out || 'dist')
  const log = options.log || (() => {})
  if (!existsSync(join(root, 'adapters/taro/dist/index.mjs'))) {
    log('building @minimon/taro')
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '@minimon/taro'], { cwd: root, stdio: 'ignore' })
  }
  const dirs = {}
  // (the lock sits inside the output root, which the build then fills)
  await locked(join(out, '.lock'), async () => {
    for (const target of targets) {
      if (!TARGETS.includes(target)) throw new Error(`unknown target ${target}; expected one of ${TARGETS.join(', ')}`)
      const dir = join(out, target)
      dirs[target] = dir
      const stamp = join(dir, '.minimon-build.json')
      const digest = fingerprint(target, collector)
      if (!options.force && existsSync(stamp) && JSON.parse(readFileSync(stamp, 'utf8')).digest === digest) {
        log(`${target}: up to date (${relative(here, dir)})`)
        continue
      }
      const started = Date.now()
      log(`${target}: taro build --type ${target} → ${relative(here, dir)} (collector ${collector})`)
      // @minimon/taro/plugin moves the build's source maps to <dir>.sourcemaps/<build id>/
      rmSync(mapsDir(dir), { recursive: true, force: true })
      await run(process.execPath, [join(here, 'node_modules/@tarojs/cli/bin/taro'), 'build', '--type', target], {
        MINIMON_MAPS_DIR: mapsDir(dir),
        NODE_ENV: 'production',
        MINIMON_COLLECTOR: collector,
        MINIMON_OUT: dir,
        BROWSERSLIST_IGNORE_OLD_DATA: '1',
      })
      writeFileSync(stamp, JSON.stringify({ target, collector, digest, builtAt: new Date().toISOString() }, null, 2))
      log(`${target}: built in ${Date.now() - started} ms`)
    }
  })
  return dirs
}

/** Where the source maps of the build in `dir` go (one folder per build id, see @minimon/taro/plugin). */
export function mapsDir(dir) {
  return dir + '.sourcemaps'
}

/**
 * Copies a build into `dest`, pointing it at another collector: the build-time URL is a string literal in
 * the output, so tests build once with a placeholder and each run reports to the port its collector got.
 */
export function copyWithCollector(dir, dest, from, to) {
  mkdirSync(dest, { recursive: true })
  for (const f of files(dir)) {
    const rel = relative(dir, f)
    if (rel.startsWith('.')) continue
    const target = join(dest, rel)
    mkdirSync(dirname(target), { recursive: true })
    const buf = readFileSync(f)
    writeFileSync(target, /\.(js|json|html)$/.test(f) ? buf.toString('utf8').split(from).join(to) : buf)
  }
  return dest
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const opt = (name) => {
    const i = args.indexOf(name)
    return i >= 0 ? args.splice(i, 2)[1] : undefined
  }
  const test = args.includes('--test')
  const collector = opt('--collector') || (test ? TEST_PLACEHOLDER : undefined)
  const out = opt('--out') || (test ? TEST_OUT : undefined)
  const force = args.includes('--force')
  const targets = args.filter((a) => !a.startsWith('--'))
  ensureBuilt(targets.length ? targets : TARGETS, { collector, out, force, log: (m) => console.log('[playground-taro] ' + m) }).catch((e) => {
    console.error(e.message)
    process.exit(1)
  })
}
