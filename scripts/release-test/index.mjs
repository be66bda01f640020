#!/usr/bin/env node
// `pnpm test:release`: a real install of the published packages, as a user gets them.
//
// 1. Verdaccio (a devDependency) on 127.0.0.1 and a free port, config and storage in a temp dir; @minimon/*
//    only from what is published to it (anonymous publish allowed), everything else through its uplink to the
//    npm registry.
// 2. A clean checkout (`git clone` of HEAD: uncommitted changes are not part of it) is installed and built,
//    and every public package is published from it with `pnpm -r publish`. The published manifests are
//    checked: real versions instead of `workspace:`, the collector's bins.
// 3. Fresh apps in the temp dir, outside the workspace: a Taro app and a uni-app app, each installed once
//    with npm and once with pnpm, `@minimon/taro` / `@minimon/uni-app` installed by name from the local
//    registry, written from the docs' snippets (apps.mjs), built (taro build --type weapp, uni build -p
//    mp-weixin), and booted in @minimon/sim (the checkout's build: it is private).
// 4. `npx @minimon/collector` from the local registry receives every app's batches; their errors, request
//    histogram and page gauges are checked in its --out file; SIGINT stops it with exit code 0.
//
//   node scripts/release-test/index.mjs [--keep]      (--keep: leave the temp dir for a look)
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pnpmWorkspaceYaml, taroApp, uniApp } from './apps.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const keep = process.argv.includes('--keep')
const started = Date.now()
const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'minimon-release-')))
const PUBLIC = ['@minimon/core', '@minimon/native', '@minimon/taro', '@minimon/uni-app', '@minimon/collector']
const children = new Set()
const timings = []

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`
const log = (m) => console.log(`[release-test ${secs(Date.now() - started).padStart(7)}] ${m}`)
async function phase(name, fn) {
  const t = Date.now()
  log(name)
  const r = await fn()
  timings.push([name, Date.now() - t])
  return r
}
function check(ok, what) {
  if (!ok) throw new Error(`check failed: ${what}`)
  log(`  ok: ${what}`)
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

// The environment of every command: nothing inherited from the pnpm that runs this script (npm_config_*),
// and for the registry-facing ones a userconfig of our own pointing at Verdaccio.
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|pnpm_)/i.test(k) && k !== 'NODE_OPTIONS'))
let registryEnv = baseEnv

/** Runs a command to its end; resolves with its stdout, rejects with its output when it fails. */
function run(cmd, args, { cwd, env = registryEnv, quiet = true } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    children.add(p)
    let out = ''
    let stdout = ''
    p.stdout.on('data', (d) => ((out += d), (stdout += d)))
    p.stderr.on('data', (d) => (out += d))
    p.on('error', reject)
    p.on('exit', (code) => {
      children.delete(p)
      if (!quiet) process.stdout.write(out)
      if (code === 0) resolve(stdout)
      else reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited with ${code}:\n${out.slice(-6000)}`))
    })
  })
}

/** Starts a long-running process; resolves when `ready(output)` is true. */
function start(cmd, args, { cwd, env = registryEnv, ready, timeoutMs = 120_000 }) {
  return new Promise((resolve, reject) => {
    // a process group of its own: npx runs the collector as a grandchild, and a terminal's Ctrl-C reaches
    // the whole group; signal(p, …) does the same
    const p = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    p.group = true
    children.add(p)
    p.output = ''
    const timer = setTimeout(() => reject(new Error(`${cmd} ${args.join(' ')} not ready after ${timeoutMs} ms:\n${p.output}`)), timeoutMs)
    const on = (d) => {
      p.output += d
      if (ready(p.output)) {
        clearTimeout(timer)
        resolve(p)
      }
    }
    p.stdout.on('data', on)
    p.stderr.on('data', on)
    p.on('exit', (code, signal) => {
      children.delete(p)
      p.exitCode_ = code
      p.signal_ = signal
      clearTimeout(timer)
      reject(new Error(`${cmd} ${args.join(' ')} exited (${code ?? signal}) before it was ready:\n${p.output}`))
    })
  })
}

function writeFiles(dir, files) {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true })
    writeFileSync(join(dir, rel), text)
  }
}

async function getJson(url) {
  const r = await fetch(url)
  if (!r.ok) throw new Error(`GET ${url}: ${r.status}`)
  return r.json()
}

/** The processes under `pid`, parents before their children (Linux /proc). */
function descendants(pid) {
  let kids = []
  try {
    kids = readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number))
  } catch {}
  return kids.flatMap((k) => [k, ...descendants(k)])
}
const cmdline = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
  } catch {
    return ''
  }
}

/** Sends `sig` to a child (and, for start()'s, to its whole process group). */
function signal(p, sig) {
  try {
    if (p.group) process.kill(-p.pid, sig)
    else p.kill(sig)
  } catch {}
}

function cleanup() {
  for (const p of children) signal(p, 'SIGKILL')
  if (!keep) rmSync(tmp, { recursive: true, force: true })
}

async function main() {
  log(`temp dir ${tmp}`)
  // 1. Verdaccio
  const registryPort = await freePort()
  const registry = `http://127.0.0.1:${registryPort}/`
  const uplink = (await run('npm', ['config', 'get', 'registry'], { env: baseEnv, cwd: tmp })).trim() || 'https://registry.npmjs.org/'
  mkdirSync(join(tmp, 'verdaccio/storage'), { recursive: true })
  writeFileSync(
    join(tmp, 'verdaccio/config.yaml'),
    `storage: ${join(tmp, 'verdaccio/storage')}
auth:
  htpasswd:
    file: ${join(tmp, 'verdaccio/htpasswd')}
    max_users: -1
uplinks:
  npmjs:
    url: ${uplink}
    timeout: 120s
    maxage: 30m
packages:
  '@minimon/*':
    access: $all
    publish: $all
    unpublish: $all
  '**':
    access: $all
    publish: $authenticated
    proxy: npmjs
web:
  enable: false
max_body_size: 200mb
log: { type: stdout, format: pretty, level: warn }
`,
  )
  writeFileSync(join(tmp, 'npmrc'), `registry=${registry}\n//127.0.0.1:${registryPort}/:_authToken=release-test\nfund=false\naudit=false\nupdate-notifier=false\n`)
  registryEnv = { ...baseEnv, NPM_CONFIG_USERCONFIG: join(tmp, 'npmrc'), npm_config_registry: registry }
  const verdaccio = join(root, 'node_modules/.bin/verdaccio')
  await phase(`verdaccio on ${registry} (uplink ${uplink})`, async () => {
    const p = start(verdaccio, ['--config', join(tmp, 'verdaccio/config.yaml'), '--listen', `127.0.0.1:${registryPort}`], {
      cwd: tmp,
      env: baseEnv,
      ready: () => false,
      timeoutMs: 60_000,
    })
    p.catch(() => {})
    for (let i = 0; ; i++) {
      try {
        await getJson(`${registry}-/ping`)
        break
      } catch (e) {
        if (i > 300) throw e
        await new Promise((r) => setTimeout(r, 200))
      }
    }
  })

  // 2. a clean checkout, built and published
  const src = join(tmp, 'src')
  const head = (await run('git', ['rev-parse', 'HEAD'], { cwd: root, env: baseEnv })).trim()
  await phase(`clone HEAD ${head.slice(0, 10)}, install, build`, async () => {
    await run('git', ['clone', '--quiet', '--no-hardlinks', root, src], { cwd: tmp, env: baseEnv })
    await run('git', ['checkout', '--quiet', head], { cwd: src, env: baseEnv })
    await run('pnpm', ['install', '--frozen-lockfile', '--reporter=append-only'], { cwd: src, env: baseEnv })
    await run(process.execPath, ['scripts/build.mjs', ...PUBLIC, '@minimon/sim'], { cwd: src, env: baseEnv })
  })
  await phase('pnpm -r publish to the local registry', async () => {
    await run('pnpm', ['-r', 'publish', '--registry', registry, '--no-git-checks', '--access', 'public'], { cwd: src })
    const version = JSON.parse(readFileSync(join(src, 'core/package.json'), 'utf8')).version
    for (const name of PUBLIC) {
      const meta = await getJson(`${registry}${name.replace('/', '%2f')}`)
      const m = meta.versions[version]
      check(m && meta['dist-tags'].latest === version, `${name}@${version} published`)
      check(!JSON.stringify(m).includes('workspace:'), `${name}: no workspace: range in the published manifest`)
      for (const [dep, range] of Object.entries(m.dependencies || {})) {
        if (dep.startsWith('@minimon/')) check(range === version, `${name} depends on ${dep}@${range}`)
      }
      check(!m.private && m.repository && m.license && m.engines && m.types && m.exports && m.sideEffects !== undefined, `${name}: repository, license, engines, types, exports, sideEffects`)
    }
    const collector = (await getJson(`${registry}@minimon%2fcollector`)).versions[version]
    check(collector.bin.collector && collector.bin['minimon-collector'], '@minimon/collector has the bins collector and minimon-collector')
    for (const name of ['@minimon/sim', '@minimon/demo']) {
      const r = await fetch(`${registry}${name.replace('/', '%2f')}`)
      check(r.status === 404, `${name} (private) is not published`)
    }
  })

  // 4a. the collector, by npx, from the local registry
  const collectorPort = await freePort()
  const collectorUrl = `http://127.0.0.1:${collectorPort}`
  const out = join(tmp, 'signals.jsonl')
  mkdirSync(join(tmp, 'npx'))
  const collector = await phase(`npx @minimon/collector --port ${collectorPort}`, () =>
    start('npx', ['--yes', '@minimon/collector', '--port', String(collectorPort), '--out', out, '--quiet'], {
      cwd: join(tmp, 'npx'),
      // a cache of its own: npx would otherwise run a collector 0.1.0 it installed in an earlier run
      env: { ...registryEnv, npm_config_cache: join(tmp, 'npx-cache') },
      ready: (o) => o.includes('minimon collector listening on'),
    }),
  )
  const exited = new Promise((resolve) => collector.on('exit', (code, signal) => resolve({ code, signal })))
  check(collector.output.includes(`listening on ${collectorUrl}`), `npx @minimon/collector listens on ${collectorUrl}`)

  // 3. the apps
  const simEntry = join(src, 'playground/sim/dist/index.mjs')
  const requestUrl = `http://localhost:${collectorPort}/no-such-path` // not the collector's own URL: measured
  const apps = []
  for (const framework of ['taro', 'uni-app']) {
    for (const pm of ['npm', 'pnpm']) {
      const name = `release-${framework}-${pm}`
      const dir = join(tmp, 'apps', name)
      const files = (framework === 'taro' ? taroApp : uniApp)(src, { name, collector: collectorUrl, requestUrl })
      // the service name, as the docs' snippet has it
      const service = /service: '([^']+)'/.exec(framework === 'taro' ? files['src/monitor.ts'] : files['src/main.ts'])[1]
      writeFiles(dir, files)
      if (pm === 'pnpm') writeFileSync(join(dir, 'pnpm-workspace.yaml'), pnpmWorkspaceYaml())
      const adapter = `@minimon/${framework}`
      // uni-app's Vite config preserves symlinks, so with pnpm's isolated node_modules the adapter's imports of
      // @minimon/core resolve from the app's own dependencies: docs/uni-app.md has pnpm users name core too
      const names = pm === 'pnpm' && framework === 'uni-app' ? [adapter, '@minimon/core'] : [adapter]
      await phase(`${name}: ${pm} ${pm === 'npm' ? 'install --ignore-scripts' : 'add'} ${names.join(' ')}`, () =>
        pm === 'npm'
          ? run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', ...names], { cwd: dir })
          : run('pnpm', ['add', ...names, '--reporter=append-only'], { cwd: dir }),
      )
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
      check(/^\^?0\.|^\^?\d/.test(pkg.dependencies[adapter] || ''), `${name}: package.json lists ${adapter}@${pkg.dependencies[adapter]}`)
      const adapterDir = realpathSync(join(dir, 'node_modules', adapter))
      const coreDir = join(dirname(adapterDir), 'core') // the adapter's own dependency (npm: hoisted; pnpm: its sibling)
      check(existsSync(join(coreDir, 'dist/wechat.mjs')), `${name}: @minimon/core installed with the adapter`)
      const dist = join(dir, framework === 'taro' ? 'dist/weapp' : 'dist/build/mp-weixin')
      await phase(`${name}: ${framework === 'taro' ? 'taro build --type weapp' : 'uni build -p mp-weixin'}`, () =>
        framework === 'taro'
          ? run(process.execPath, [join(dir, 'node_modules/@tarojs/cli/bin/taro'), 'build', '--type', 'weapp'], {
              cwd: dir,
              env: { ...baseEnv, NODE_ENV: 'production', BROWSERSLIST_IGNORE_OLD_DATA: '1' },
            })
          : run(join(dir, 'node_modules/.bin/uni'), ['build', '-p', 'mp-weixin'], { cwd: dir, env: { ...baseEnv, NODE_ENV: 'production' } }),
      )
      check(existsSync(join(dist, 'app.json')), `${name}: built ${dist.slice(dir.length + 1)}`)
      const booted = await phase(`${name}: boot in @minimon/sim`, async () => JSON.parse((await run(process.execPath, [join(src, 'scripts/release-test/boot.mjs'), simEntry, dist], { cwd: dir, env: baseEnv })).trim().split('\n').pop()))
      check(booted.route === 'pages/index/index', `${name}: the app launched on pages/index/index`)
      apps.push({ name, framework, service })
    }
  }

  // 4b. what reached the collector
  await phase('signals at the collector', async () => {
    // each app's batches were sent when it went to the background; give the last ones a moment to be written
    const read = () => (existsSync(out) ? readFileSync(out, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [])
    const services = [...new Set(apps.map((a) => a.service))]
    const complete = (lines) => services.every((s) => lines.some((l) => l.resource?.['service.name'] === s && l.name === 'miniprogram.request.duration'))
    for (let i = 0; i < 100 && !complete(read()); i++) await new Promise((r) => setTimeout(r, 100))
    const lines = read()
    for (const service of services) {
      const app = apps.filter((a) => a.service === service)
      const mine = lines.filter((l) => l.resource?.['service.name'] === service)
      // one service per framework: both installs (npm, pnpm) report under the docs' service name
      const logs = mine.filter((l) => l.kind === 'log' && l.attributes['exception.type'])
      const metrics = mine.filter((l) => l.kind === 'metric')
      const count = (pred) => logs.filter(pred).length
      const runs = app.length
      check(mine.every((l) => l.resource['miniprogram.platform'] === 'wechat'), `${service}: platform wechat`)
      check(count((l) => l.attributes['exception.type'] === 'js' && l.body.includes('release test: uncaught error')) === runs, `${service}: the uncaught error, once per app run (${runs})`)
      check(count((l) => l.attributes['exception.type'] === 'ajax' && l.body.includes('/no-such-path 404')) === runs, `${service}: the 404 request as an ajax error, once per app run`)
      if (app[0].framework === 'uni-app') check(count((l) => l.attributes['exception.source'] === 'vue' && l.body.includes('error in onReady')) === runs, `${service}: the Vue hook error through the plugin's errorHandler`)
      check(logs.every((l) => l.attributes['miniprogram.page.path'] === 'pages/index/index'), `${service}: every error on pages/index/index`)
      const hist = metrics.filter((m) => m.name === 'miniprogram.request.duration')
      check(hist.length >= runs && hist.every((m) => m.type === 'histogram' && m.temporality === 1 && m.bucketCounts.length === m.explicitBounds.length + 1), `${service}: request duration histogram (DELTA, ${hist.length} points)`)
      for (const g of ['app_launch', 'first_render', 'page_stay']) {
        const points = metrics.filter((m) => m.name === `miniprogram.${g}.duration`)
        check(points.length >= runs && points.every((m) => m.type === 'gauge' && m.attributes['miniprogram.page.path'] === 'pages/index/index'), `${service}: gauge miniprogram.${g}.duration on pages/index/index (${points.length})`)
      }
    }
  })

  await phase('SIGINT to the collector', async () => {
    // `kill -INT` of the collector's process, the one npx started: npx then ends with the collector's exit code
    const pid = descendants(collector.pid).filter((p) => cmdline(p).includes('collector')).pop()
    check(pid, `the collector's process under npx (${pid})`)
    process.kill(pid, 'SIGINT')
    const r = await Promise.race([exited, new Promise((r) => setTimeout(() => r({ timeout: true }), 10_000))])
    check(r.code === 0, `npx @minimon/collector exited with code 0 on SIGINT (${JSON.stringify(r)})`)
    let left = true
    try {
      process.kill(-collector.pid, 0)
    } catch {
      left = false
    }
    check(!left, 'no process of npx @minimon/collector is left')
  })
}

try {
  await main()
  log('timings:')
  for (const [name, ms] of timings) console.log(`  ${secs(ms).padStart(8)}  ${name}`)
  log(`PASS in ${secs(Date.now() - started)}`)
  cleanup()
} catch (e) {
  console.error(e.stack || e)
  log(`FAIL after ${secs(Date.now() - started)}${keep ? ` (temp dir kept: ${tmp})` : ''}`)
  cleanup()
  process.exit(1)
}
