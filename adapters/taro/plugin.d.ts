// Types of @minimon/taro/plugin (see plugin.js): `plugins: [['@minimon/taro/plugin', options]]`.
export interface MinimonTaroPluginOptions {
  /** `service.version` of every report. Default: MINIMON_RELEASE, else the app's package.json version. */
  release?: string
  /** Names this build's maps folder. Default: MINIMON_BUILD_ID, else `<release>-<UTC yyyymmddhhmmss>`. */
  buildId?: string
  /** Where build folders of maps go. Default: MINIMON_MAPS_DIR, else `<app>/sourcemaps`. */
  mapsDir?: string
  /** Write hidden source maps and move them out of the output. Default: on for production builds. */
  sourcemaps?: boolean
}
declare function minimonTaroPlugin(ctx: unknown, options?: MinimonTaroPluginOptions): void
export default minimonTaroPlugin
