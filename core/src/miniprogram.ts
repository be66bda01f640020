/**
 * @minimon/core/miniprogram: WeChat and Alipay, without the H5 host — the smallest build for a mini program
 * that ships to both platforms and has no H5 build.
 *
 * @example
 * import MiniProgramMonitor from '@minimon/core/miniprogram'
 * MiniProgramMonitor.init({ service: 'my-mini-program', serviceVersion: '1.2.0', collector: 'https://oap.example.com:12800' })
 */
import { createApi } from './api'
import { alipayHost, alipayScope } from './hosts/alipay'
import { wechatHost, wechatScope } from './hosts/wechat'

export * from './exports'

// Alipay first: some cross-platform runtimes define a `wx` shim on Alipay; none defines `my` on WeChat.
// WeChat and Alipay only: inside DingTalk (`dd`) and QQ (`qq`) their hosts report `dingtalk` / `qq` (with
// the generic component id), so data from there never lands on the WeChat or Alipay dashboards.
const api = createApi({ alipay: alipayHost, wechat: wechatHost }, [alipayScope, wechatScope])

/** Starts monitoring (see {@link MonitorOptions}); never throws. */
export const init = api.init
/** Sends what the monitor made by `init` has queued. */
export const flush = api.flush
/** Shuts down the monitor made by `init`. */
export const shutdown = api.shutdown
/** The monitor `init` made, if any (for adapters that did not create it). */
export const getMonitor = api.getMonitor
/** For adapters: their lifecycle reports become the one source of app and page lifecycle. */
export const claimLifecycle = api.claimLifecycle
export default { init, flush, shutdown }
