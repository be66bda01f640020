#!/usr/bin/env node
// Builds the native playground for each platform from its one source tree (src/):
//   dist/wechat  — src as is (.wxml/.wxss), plus project.config.json
//   dist/alipay  — templates as .axml (bindtap → onTap, wx:if → a:if …), styles as .acss, plus mini.project.json
// and does what "Build npm" of the developer tools does: copies the `miniprogram` directory of every
// dependency (and theirs) into miniprogram_npm/<name>/, so `require('@minimon/native')` resolves inside
// the app directory, as on a device. Workspace packages whose dist/ is missing are built first
// (@minimon/native also when its dist is older than its sources).
//
//   node playground/native/scripts/build.mjs [--out DIR] [--platform wechat|alipay]
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { locked } from '../../test-support/lock.mjs'

const here = dirname(fileURLToPath(import.meta.url))
export const playgroundDir = join(here, '..')
export const srcDir = join(playgroundDir, 'src')
export const defaultOut = join(playgroundDir, 'dist')
const repoRoot = join(playgroundDir, '..', '..')

function newest(dir) {
  let t = 0
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    const st = statSync(p)
    t = Math.max(t, st.isDirectory() ? newest(p) : st.mtimeMs)
  }
  return t
}


/** Builds a workspace package with the repository's build script when its dist/ is missing (or stale). */
export async function ensureBuilt(pkgDir, { whenStale = false } = {}) {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
  const needed = () => {
    const dist = join(pkgDir, 'dist')
    // (the directory "Build npm" copies is built with dist, and may be missing from an older build)
    if (!existsSync(join(dist, 'index.js')) || !existsSync(join(pkgDir, pkg.miniprogram || 'dist', 'index.js'))) return true
    return whenStale && existsSync(join(pkgDir, 'src')) && newest(join(pkgDir, 'src')) > statSync(join(dist, 'index.js')).mtimeMs
  }
  if (!needed()) return false
  // one build per package across every process of this machine (tests run in parallel); a package builds in
  // seconds, so a lock two minutes old belongs to a build that died
  return locked(
    join(tmpdir(), 'minimon-build-' + pkg.name.replace(/\W/g, '_') + '.lock'),
    () => {
      if (!needed()) return false
      execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs'), pkg.name], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] })
      return true
    },
    120_000,
  )
}

/** "Build npm": the `miniprogram` directory (or the directory of `main`) of each dependency, recursively. */
async function buildNpm(fromPkgDir, npmDir, seen = new Set()) {
  const pkg = JSON.parse(readFileSync(join(fromPkgDir, 'package.json'), 'utf8'))
  const require = createRequire(join(fromPkgDir, 'package.json'))
  for (const name of Object.keys(pkg.dependencies || {})) {
    if (seen.has(name)) continue
    seen.add(name)
    const depDir = dirname(require.resolve(`${name}/package.json`))
    if (relative(repoRoot, depDir).startsWith('..') === false && !depDir.includes('node_modules')) {
      await ensureBuilt(depDir, { whenStale: name === '@minimon/native' })
    }
    const dep = JSON.parse(readFileSync(join(depDir, 'package.json'), 'utf8'))
    const from = join(depDir, dep.miniprogram || dirname(dep.main || 'index.js'))
    const to = join(npmDir, name)
    mkdirSync(to, { recursive: true })
    cpSync(from, to, { recursive: true, filter: (p) => statSync(p).isDirectory() || /\.(js|json|wxs|sjs)$/.test(p) })
    await buildNpm(depDir, npmDir, seen)
  }
}

const TEMPLATE_ATTRS = [
  [/\bwx:(if|elif|else|for-item|for-index|for|key)\b/g, 'a:$1'],
  [/\b(?:bind:?)tap=/g, 'onTap='],
  [/\b(?:catch:?)tap=/g, 'catchTap='],
  [/\b(?:bind:?)input=/g, 'onInput='],
  [/\b(?:bind:?)change=/g, 'onChange='],
  [/\b(?:bind:?)submit=/g, 'onSubmit='],
]

function toAlipay(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) {
      if (name !== 'miniprogram_npm') toAlipay(p)
    } else if (name.endsWith('.wxml')) {
      let text = readFileSync(p, 'utf8')
      for (const [re, to] of TEMPLATE_ATTRS) text = text.replace(re, to)
      writeFileSync(p.replace(/\.wxml$/, '.axml'), text)
      rmSync(p)
    } else if (name.endsWith('.wxss')) {
      writeFileSync(p.replace(/\.wxss$/, '.acss'), readFileSync(p, 'utf8').replace(/\.wxss(['"])/g, '.acss$1'))
      rmSync(p)
    } else if (name === 'app.json') {
      const app = JSON.parse(readFileSync(p, 'utf8'))
      if (app.window) app.window = { defaultTitle: app.window.navigationBarTitleText, ...app.window }
      delete app.sitemapLocation
      writeFileSync(p, JSON.stringify(app, null, 2) + '\n')
    } else if (name.endsWith('.json')) {
      const page = JSON.parse(readFileSync(p, 'utf8'))
      if (page.navigationBarTitleText && !page.defaultTitle) {
        page.defaultTitle = page.navigationBarTitleText
        writeFileSync(p, JSON.stringify(page, null, 2) + '\n')
      }
    }
  }
  rmSync(join(dir, 'sitemap.json'), { force: true })
}

const PROJECT = {
  wechat: ['project.config.json', { miniprogramRoot: './', appid: 'touristappid', projectname: 'minimon-native-playground', compileType: 'miniprogram', setting: { es6: true, minified: false, urlCheck: false }, libVersion: '3.4.0' }],
  alipay: ['mini.project.json', { format: 2, compileType: 'mini', miniprogramRoot: './' }],
}

/**
 * Builds the app for each platform into `<out>/<platform>` and returns the directories.
 * @param {{ out?: string, platforms?: ('wechat' | 'alipay')[] }} [options]
 */
export async function buildPlayground(options = {}) {
  const out = options.out || defaultOut
  const platforms = options.platforms || ['wechat', 'alipay']
  const dirs = {}
  // one staging copy of npm output shared by both platforms
  const staging = join(out, `.build-${process.pid}-${Date.now()}`)
  mkdirSync(staging, { recursive: true })
  try {
    await buildNpm(playgroundDir, join(staging, 'miniprogram_npm'))
    for (const platform of platforms) {
      const tmp = join(staging, platform)
      cpSync(srcDir, tmp, { recursive: true })
      cpSync(join(staging, 'miniprogram_npm'), join(tmp, 'miniprogram_npm'), { recursive: true })
      if (platform === 'alipay') toAlipay(tmp)
      const [file, body] = PROJECT[platform]
      writeFileSync(join(tmp, file), JSON.stringify(body, null, 2) + '\n')
      const dir = join(out, platform)
      rmSync(dir, { recursive: true, force: true })
      renameSync(tmp, dir)
      dirs[platform] = dir
    }
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
  return dirs
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2)
  const opt = (name) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined)
  const dirs = await buildPlayground({ out: opt('--out'), platforms: opt('--platform') ? [opt('--platform')] : undefined })
  for (const [platform, dir] of Object.entries(dirs)) console.log(`${platform}: ${relative(process.cwd(), dir) || '.'}`)
}
