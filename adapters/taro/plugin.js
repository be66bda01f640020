'use strict'
// @minimon/taro/plugin — a Taro 4 plugin: `plugins: ['@minimon/taro/plugin']` or
// `plugins: [['@minimon/taro/plugin', { release, buildId, mapsDir, sourcemaps }]]` in config/index.
//
// - stamps the release (default: the app's package.json version) and a build id into the bundle as the defines
//   __MINIMON_RELEASE__ and __MINIMON_BUILD_ID__; @minimon/core sends them with every error
//   (service.version, minimon.build.id), so no serviceVersion option is needed;
// - makes production builds write source maps (hidden: no sourceMappingURL comment in the output) and moves
//   every .map file out of the output directory into <mapsDir>/<buildId>/, keeping its path
//   (default mapsDir: <app>/sourcemaps; MINIMON_MAPS_DIR overrides it), with a minimon-build.json beside them.
//   The package the developer tools upload then holds no maps: no sources shipped, nothing against the 2 MB.
// Node-only build code: never part of the app bundle.
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

/** `<release>-<UTC yyyymmddhhmmss>` unless MINIMON_BUILD_ID or the option names one. */
function newBuildId(release) {
  const t = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)
  return `${release || 'build'}-${t}`.replace(/[^\w.+-]/g, '_')
}

function mapFiles(dir, out = []) {
  if (!existsSync(dir)) return out
  for (const n of readdirSync(dir)) {
    const p = join(dir, n)
    const st = statSync(p)
    if (st.isDirectory()) mapFiles(p, out)
    else if (n.endsWith('.map')) out.push(p)
  }
  return out
}

/** Moves every .map file of `outDir` to `<mapsDir>/<buildId>/` (same relative paths); returns how many. */
function moveMaps(outDir, mapsDir, info) {
  const target = join(mapsDir, info.buildId)
  const files = mapFiles(outDir)
  for (const f of files) {
    const to = join(target, relative(outDir, f))
    mkdirSync(dirname(to), { recursive: true })
    renameSync(f, to)
  }
  if (files.length) writeFileSync(join(target, 'minimon-build.json'), JSON.stringify({ ...info, maps: files.length, builtAt: new Date().toISOString() }, null, 2) + '\n')
  return files.length
}

function resolveOptions(appPath, options = {}) {
  const release = options.release || process.env.MINIMON_RELEASE || appRelease(appPath)
  const buildId = options.buildId || process.env.MINIMON_BUILD_ID || newBuildId(release)
  if (!SAFE_ID.test(buildId)) throw new Error(`[minimon] build id ${JSON.stringify(buildId)}: use letters, digits, . _ + - (at most 128)`)
  const mapsDir = resolve(appPath, options.mapsDir || process.env.MINIMON_MAPS_DIR || 'sourcemaps')
  const sourcemaps = options.sourcemaps ?? process.env.NODE_ENV === 'production'
  return { release, buildId, mapsDir, sourcemaps }
}

function minimonTaroPlugin(ctx, options) {
  const o = resolveOptions(ctx.paths.appPath, options || {})
  // Taro turns its loaders' source maps off in production builds: on, so the maps reach the original sources
  if (o.sourcemaps && typeof ctx.modifyRunnerOpts === 'function') {
    ctx.modifyRunnerOpts(({ opts }) => {
      if (opts) {
        opts.enableSourceMap = true
        opts.sourceMapType = 'hidden-source-map'
      }
    })
  }
  ctx.modifyWebpackChain(({ chain, webpack }) => {
    chain.plugin('minimonRelease').use(webpack.DefinePlugin, [{
      __MINIMON_RELEASE__: JSON.stringify(o.release),
      __MINIMON_BUILD_ID__: JSON.stringify(o.buildId),
    }])
    if (o.sourcemaps) chain.devtool('hidden-source-map')
  })
  ctx.onBuildFinish(({ error }) => {
    if (error || !o.sourcemaps) return
    const n = moveMaps(ctx.paths.outputPath, o.mapsDir, { release: o.release, buildId: o.buildId, platform: process.env.TARO_ENV || '' })
    if (n) console.log(`[minimon] ${n} source maps of release ${o.release || '(none)'} moved to ${relative(process.cwd(), join(o.mapsDir, o.buildId)) || '.'}`)
  })
}

module.exports = minimonTaroPlugin
module.exports.default = minimonTaroPlugin
module.exports.moveMaps = moveMaps
module.exports.resolveOptions = resolveOptions
