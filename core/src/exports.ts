// Types and constants every entry point exports.
export type { MonitorOptions, UrlGroupRule } from './config'
export type { Monitor, Plugin } from './monitor'
export type * from './types'
export type { UrlPattern } from './util/url'
export { DROPPED_METRIC } from './pipeline/pipeline'
export { disabledMonitor } from './monitor'
