// @minimon/sim: a Node runtime that behaves like WeChat (wx) and Alipay (my) mini programs, and the
// platforms shaped like them (platforms.ts: ByteDance, Feishu, Baidu, QQ, DingTalk, Kuaishou, JD, Xiaohongshu), for tests
// and demos. See README.md for the API and for where it differs from the real platforms.

export { createSim, Sim } from './sim'
export type { InMemoryApp, LaunchParams, SimOptions, SimState } from './sim'
export { SimStorage, STORAGE_LIMITS } from './storage'
export type { StorageLimits } from './storage'
export type { EnvVersion } from './api-context'
export type { PerfEntry } from './performance'
export type { Base, LaunchOptions, Options, PageInstance, Platform, Result } from './types'
export { PLATFORMS } from './platforms'
export type { PlatformShape } from './platforms'
export { wechatErrorString } from './runtime'
/** Waits real milliseconds, unaffected by the sim's (freezable) timers installed on globalThis. */
export { sleep } from './timers'
