#!/usr/bin/env node
// One entry for the README's two commands (`npm run demo`, `npm test`): make sure the pinned pnpm and the
// workspace's dependencies are installed, then hand over to the workspace script of the same job.
import { execSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const job = process.argv[2]
const rest = process.argv.slice(3)
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1]

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

function pnpmVersion() {
  try {
    return execSync('pnpm --version', { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()
  } catch {
    return ''
  }
}

if (pnpmVersion() !== pinned) {
  console.log(`[minimon] installing pnpm ${pinned}`)
  run('npm', ['install', '--global', '--save-exact', `pnpm@${pinned}`])
}
run('pnpm', ['install', '--frozen-lockfile', '--reporter=append-only'])

// Browser tests drive Debian's Chromium (never a downloaded browser build).
function ensureChromium() {
  if (existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium')) return
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    console.warn('[minimon] /usr/bin/chromium is missing and cannot be installed here: browser tests will be skipped')
    return
  }
  console.log('[minimon] installing chromium from Debian')
  run('apt-get', ['update', '-qq'])
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
}

if (job === 'test') {
  ensureChromium()
  run('pnpm', ['run', 'test:all', ...rest])
}
else if (job === 'demo') run('pnpm', ['run', 'demo:run', ...rest])
else {
  console.error(`usage: node scripts/bootstrap.mjs test|demo`)
  process.exit(2)
}
