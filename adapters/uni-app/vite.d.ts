// Types of @minimon/uni-app/vite (see vite.js).
export interface MinimonViteOptions {
  /** `service.version` of every report. Default: MINIMON_RELEASE, else the app's package.json version. */
  release?: string
  /** Names this build's maps folder. Default: MINIMON_BUILD_ID, else `<release>-<UTC yyyymmddhhmmss>`. */
  buildId?: string
  /** Where build folders of maps go. Default: MINIMON_MAPS_DIR, else `<app>/sourcemaps`. */
  mapsDir?: string
  /** Write hidden source maps and move them out of the output. Default: on for production builds. */
  sourcemaps?: boolean
}
/** A Vite plugin (typed loosely so that any Vite version's config accepts it). */
declare function minimon(options?: MinimonViteOptions): { name: string; [hook: string]: unknown }
export default minimon
