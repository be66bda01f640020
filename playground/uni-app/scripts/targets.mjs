// Building the demo with uni's CLI, shared by scripts/build.mjs and the tests. A build is skipped when the
// output already matches its inputs (sources, the built adapter and core, the collector URL): a stamp file in
// the output records a hash of them.
import { execFile, execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { locked } from '../../test-support/lock.mjs'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const TARGETS = ['mp-weixin', 'mp-alipay', 'h5', 'mp-toutiao', 'mp-lark', 'mp-baidu', 'mp-qq', 'mp-kuaishou', 'mp-jd', 'mp-xhs']
export const DEFAULT_COLLECTOR = 'http://127.0.0.1:4318'
/**
 * The collector URL of builds made once and copied for each run's collector (copyWithCollector): nothing listens
 * there. (The app's API is named at run time: src/api.ts.)
 */
export const PLACEHOLDER = 'http://127.0.0.1:43190'
const STAMP = '.minimon-build.json'

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? files(p) : [p]
  })
}

/** The demo imports the built packages (their dist/): build them with the workspace's build when missing. */
function ensurePackages() {
  const missing = [
    ['@minimon/core', join(ROOT, '../../core/dist/index.mjs')],
    ['@minimon/uni-app', join(ROOT, '../../adapters/uni-app/dist/index.mjs')],
  ].filter(([, f]) => !existsSync(f))
  if (missing.length) execFileSync(process.execPath, [join(ROOT, '../../scripts/build.mjs'), ...missing.map(([name]) => name)], { stdio: 'inherit' })
}

/** Hash of everything a build depends on. */
export function inputsHash(collector, sessionEvents = false) {
  const h = createHash('sha256').update(collector + (sessionEvents ? ' session events' : ''))
  const inputs = [
    ...files(join(ROOT, 'src')),
    join(ROOT, 'vite.config.ts'),
    join(ROOT, 'index.html'),
    join(ROOT, 'package.json'),
    join(ROOT, '../../adapters/uni-app/dist/index.mjs'),
    join(ROOT, '../../core/dist/index.mjs'),
    join(ROOT, '../../core/dist/extras.mjs'),
    join(ROOT, '../../adapters/uni-app/vite.js'),
    join(ROOT, '../../core/build.js'),
  ].sort()
  for (const f of inputs) h.update(relative(ROOT, f)).update(existsSync(f) ? readFileSync(f) : '')
  return h.digest('hex')
}

export function outDir(target, kind = 'build') {
  return join(ROOT, 'dist', kind, target)
}

/** Where the source maps of a build go (one folder per build id, see @minimon/uni-app/vite). */
export function mapsDir(target, kind = 'build') {
  return outDir(target, kind) + '.sourcemaps'
}

/**
 * Builds `target` into dist/<kind>/<target> for `collector` unless that output is up to date.
 * `sessionEvents`: the app sends session.start / session.end logs (MINIMON_SESSION_EVENTS=1, src/monitor.ts).
 * Resolves with the build time in ms (0 when nothing had to be built).
 */
export function buildTarget(target, { collector = DEFAULT_COLLECTOR, kind = 'build', force = false, sessionEvents = false } = {}) {
  if (!TARGETS.includes(target)) return Promise.reject(new Error(`unknown target ${target}; expected one of ${TARGETS.join(', ')}`))
  ensurePackages()
  const out = outDir(target, kind)
  return locked(out + '.lock', () => build(target, kind, out, collector, force, sessionEvents))
}

function build(target, kind, out, collector, force, sessionEvents) {
  const hash = inputsHash(collector, sessionEvents)
  const stamp = join(out, STAMP)
  if (!force && existsSync(stamp) && JSON.parse(readFileSync(stamp, 'utf8')).hash === hash) return Promise.resolve(0)
  const started = Date.now()
  const uni = join(ROOT, 'node_modules/.bin/uni')
  // @minimon/uni-app/vite moves the build's source maps to <out>.sourcemaps/<build id>/
  rmSync(mapsDir(target, kind), { recursive: true, force: true })
  const env = { ...process.env, NODE_ENV: 'production', MINIMON_COLLECTOR: collector, MINIMON_MAPS_DIR: mapsDir(target, kind), MINIMON_SESSION_EVENTS: sessionEvents ? '1' : '' }
  // vitest's own markers would otherwise reach the build
  delete env.VITEST
  delete env.VITEST_POOL_ID
  delete env.VITEST_WORKER_ID
  delete env.TEST
  return new Promise((resolve, reject) => {
    execFile(uni, ['build', '-p', target, '--outDir', out], { cwd: ROOT, env, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`uni build -p ${target} failed:\n${stdout}\n${stderr}`))
      writeFileSync(stamp, JSON.stringify({ hash, collector, builtAt: new Date().toISOString() }))
      resolve(Date.now() - started)
    })
  })
}

/**
 * Copies a build into `dest`, pointing it at another collector: the build-time URL is a string literal in the
 * output, so a test builds once with PLACEHOLDER and each run reports to the port its collector got.
 */
export function copyWithCollector(dir, dest, from, to) {
  for (const f of files(dir)) {
    const rel = relative(dir, f)
    if (rel.startsWith('.')) continue
    const target = join(dest, rel)
    mkdirSync(dirname(target), { recursive: true })
    const buf = readFileSync(f)
    writeFileSync(target, /\.(js|json)$/.test(f) ? buf.toString('utf8').split(from).join(to) : buf)
  }
  return dest
}
