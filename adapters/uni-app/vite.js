'use strict'
// @minimon/uni-app/vite — a Vite plugin for uni-app builds: in vite.config.ts,
//   import minimon from '@minimon/uni-app/vite'
//   export default defineConfig({ plugins: [uni(), minimon({ release, buildId, mapsDir, sourcemaps })] })
//
// - stamps the release (default: the app's package.json version) and a build id into the bundle as the defines
//   __MINIMON_RELEASE__ and __MINIMON_BUILD_ID__; @minimon/core sends them with every error
//   (service.version, minimon.build.id), so no serviceVersion option is needed;
// - makes production builds write source maps (hidden: no sourceMappingURL comment in the output) and moves
//   every .map file out of the output directory into <mapsDir>/<buildId>/, keeping its path
//   (default mapsDir: <app>/sourcemaps; MINIMON_MAPS_DIR overrides it), with a minimon-build.json beside them.
//   The package the developer tools upload then holds no maps: no sources shipped, nothing against the 2 MB.
// Node-only build code: never part of the app bundle.
const { existsSync, readFileSync, writeFileSync } = require('node:fs')
const { join, relative, resolve } = require('node:path')
const { moveMaps: moveAll, releaseOptions, reportMoved } = require('@minimon/core/build')

/**
 * uni names sources relative to its input folder (`pages/a/a.vue`): name them from the app's root instead
 * (`src/pages/a/a.vue`), as the developer sees them.
 */
function rootedSources(file, inputDir, root) {
  let map
  try {
    map = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return
  }
  if (!Array.isArray(map.sources)) return
  let changed = false
  map.sources = map.sources.map((s) => {
    if (typeof s !== 'string' || /^(\/|\.\.?\/|[a-z][\w+.-]*:)/i.test(s)) return s
    const path = s.replace(/[?#].*$/, '')
    if (!existsSync(join(inputDir, path))) return s
    changed = true
    return relative(root, join(inputDir, path)).split('\\').join('/') + s.slice(path.length)
  })
  if (changed) writeFileSync(file, JSON.stringify(map))
}

/** Moves the maps (see @minimon/core/build), their sources named from the app's root when `inputDir` is given. */
const moveMaps = (outDir, mapsDir, info, inputDir, root) => moveAll(outDir, mapsDir, info, inputDir && ((to) => rootedSources(to, inputDir, root)))

/** @param {{ release?: string, buildId?: string, mapsDir?: string, sourcemaps?: boolean }} [options] */
function minimon(options = {}) {
  let o
  let outDir = ''
  let root = process.cwd()
  return {
    name: 'minimon',
    enforce: 'post',
    config(config, env) {
      root = resolve(config.root || process.cwd())
      const production = (env && env.mode === 'production') || process.env.NODE_ENV === 'production'
      // the release from the app's package.json: uni's input folder is <app>/src
      const appDir = process.env.UNI_INPUT_DIR ? resolve(process.env.UNI_INPUT_DIR, '..') : root
      o = releaseOptions(root, options, !!(env && env.command === 'build' && production), appDir)
      const out = { define: { __MINIMON_RELEASE__: JSON.stringify(o.release), __MINIMON_BUILD_ID__: JSON.stringify(o.buildId) } }
      if (o.sourcemaps) out.build = { sourcemap: 'hidden' }
      return out
    },
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
      // uni's own config may come later and turn maps off: on again, hidden
      if (o.sourcemaps && config.build.sourcemap !== 'hidden') config.build.sourcemap = 'hidden'
    },
    closeBundle() {
      if (!o || !o.sourcemaps || !outDir) return
      const input = process.env.UNI_INPUT_DIR ? resolve(process.env.UNI_INPUT_DIR) : ''
      reportMoved(moveMaps(outDir, o.mapsDir, { release: o.release, buildId: o.buildId, platform: process.env.UNI_PLATFORM || '' }, input, input ? resolve(input, '..') : root), o)
    },
  }
}

module.exports = minimon
module.exports.default = minimon
module.exports.moveMaps = moveMaps
