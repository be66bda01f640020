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
const { moveMaps, releaseOptions, reportMoved } = require('@minimon/core/build')

/** The plugin's options, resolved for the app at `appPath` (see @minimon/core/build). */
const resolveOptions = (appPath, options = {}) => releaseOptions(appPath, options, process.env.NODE_ENV === 'production')

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
    reportMoved(moveMaps(ctx.paths.outputPath, o.mapsDir, { release: o.release, buildId: o.buildId, platform: process.env.TARO_ENV || '' }), o)
  })
}

module.exports = minimonTaroPlugin
module.exports.default = minimonTaroPlugin
module.exports.moveMaps = moveMaps
module.exports.resolveOptions = resolveOptions
