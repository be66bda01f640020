'use strict'
// @minimon/core/build — what the framework build plugins (@minimon/taro/plugin, @minimon/uni-app/vite) share:
// the release and build id they stamp in, and moving a production build's source maps out of its output.
// Node-only build code: never part of an app bundle (the app entries are in dist/ and miniprogram_dist/).
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs')
const { dirname, join, relative, resolve } = require('node:path')

const SAFE_ID = /^[\w.+-]{1,128}$/

function appRelease(appPath) {
  try {
    return String(JSON.parse(readFileSync(join(appPath, 'package.json'), 'utf8')).version || '')
  } catch {
    return ''
  }
}

/**
 * The release (the option, MINIMON_RELEASE, else the version in `<releaseFrom>/package.json`), the build id
 * (the option, MINIMON_BUILD_ID, else `<release>-<UTC yyyymmddhhmmss>`), the maps directory (resolved from
 * `root`; MINIMON_MAPS_DIR) and whether maps are written (the option, else `production`).
 */
function releaseOptions(root, options, production, releaseFrom = root) {
  const release = options.release || process.env.MINIMON_RELEASE || appRelease(releaseFrom)
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)
  const buildId = options.buildId || process.env.MINIMON_BUILD_ID || `${release || 'build'}-${stamp}`.replace(/[^\w.+-]/g, '_')
  if (!SAFE_ID.test(buildId)) throw new Error(`[minimon] build id ${JSON.stringify(buildId)}: use letters, digits, . _ + - (at most 128)`)
  const mapsDir = resolve(root, options.mapsDir || process.env.MINIMON_MAPS_DIR || 'sourcemaps')
  return { release, buildId, mapsDir, sourcemaps: options.sourcemaps ?? production }
}

function mapFiles(dir, out = []) {
  if (!existsSync(dir)) return out
  for (const n of readdirSync(dir)) {
    const p = join(dir, n)
    if (statSync(p).isDirectory()) mapFiles(p, out)
    else if (n.endsWith('.map')) out.push(p)
  }
  return out
}

/**
 * Moves every .map file of `outDir` to `<mapsDir>/<buildId>/` (same relative paths), with a minimon-build.json
 * beside them; `moved(file)` may rewrite each map where it lands. Returns how many.
 */
function moveMaps(outDir, mapsDir, info, moved) {
  const target = join(mapsDir, info.buildId)
  const files = mapFiles(outDir)
  for (const f of files) {
    const to = join(target, relative(outDir, f))
    mkdirSync(dirname(to), { recursive: true })
    renameSync(f, to)
    if (moved) moved(to)
  }
  if (files.length) writeFileSync(join(target, 'minimon-build.json'), JSON.stringify({ ...info, maps: files.length, builtAt: new Date().toISOString() }, null, 2) + '\n')
  return files.length
}

/** The build's one line about its maps (none when there were none). */
function reportMoved(n, o) {
  if (n) console.log(`[minimon] ${n} source maps of release ${o.release || '(none)'} moved to ${relative(process.cwd(), join(o.mapsDir, o.buildId)) || '.'}`)
}

module.exports = { releaseOptions, moveMaps, reportMoved }
