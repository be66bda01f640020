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
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs')
const { dirname, join, relative, resolve } = require('node:path')

const SAFE_ID = /^[\w.+-]{1,128}$/

function appRelease(root) {
  try {
    return String(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version || '')
  } catch {
    return ''
  }
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

function moveMaps(outDir, mapsDir, info, inputDir, root) {
  const target = join(mapsDir, info.buildId)
  const files = mapFiles(outDir)
  for (const f of files) {
    const to = join(target, relative(outDir, f))
    mkdirSync(dirname(to), { recursive: true })
    renameSync(f, to)
    if (inputDir) rootedSources(to, inputDir, root)
  }
  if (files.length) writeFileSync(join(target, 'minimon-build.json'), JSON.stringify({ ...info, maps: files.length, builtAt: new Date().toISOString() }, null, 2) + '\n')
  return files.length
}

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
      const release = options.release || process.env.MINIMON_RELEASE || appRelease(process.env.UNI_INPUT_DIR ? resolve(process.env.UNI_INPUT_DIR, '..') : root)
      const t = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)
      const buildId = options.buildId || process.env.MINIMON_BUILD_ID || `${release || 'build'}-${t}`.replace(/[^\w.+-]/g, '_')
      if (!SAFE_ID.test(buildId)) throw new Error(`[minimon] build id ${JSON.stringify(buildId)}: use letters, digits, . _ + - (at most 128)`)
      const production = (env && env.mode === 'production') || process.env.NODE_ENV === 'production'
      o = {
        release,
        buildId,
        mapsDir: resolve(root, options.mapsDir || process.env.MINIMON_MAPS_DIR || 'sourcemaps'),
        sourcemaps: options.sourcemaps ?? (env && env.command === 'build' && production),
      }
      const out = { define: { __MINIMON_RELEASE__: JSON.stringify(release), __MINIMON_BUILD_ID__: JSON.stringify(buildId) } }
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
      const n = moveMaps(outDir, o.mapsDir, { release: o.release, buildId: o.buildId, platform: process.env.UNI_PLATFORM || '' }, input, input ? resolve(input, '..') : root)
      if (n) console.log(`[minimon] ${n} source maps of release ${o.release || '(none)'} moved to ${relative(process.cwd(), join(o.mapsDir, o.buildId)) || '.'}`)
    },
  }
}

module.exports = minimon
module.exports.default = minimon
module.exports.moveMaps = moveMaps
