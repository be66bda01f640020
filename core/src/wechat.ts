/**
 * @minimon/core: end-user monitoring for WeChat and Alipay mini programs, reported to SkyWalking OAP or
 * any OpenTelemetry backend over OTLP/HTTP. This entry carries the WeChat host (`wx`) only.
 *
 * @example
 * import MiniProgramMonitor from '@minimon/core/wechat'
 * MiniProgramMonitor.init({ service: 'my-mini-program', serviceVersion: '1.2.0', collector: 'https://oap.example.com:12800' })
 */
import { createApi } from './api'
import { wechatHost, wechatScope } from './hosts/wechat'

export * from './exports'

const api = createApi({ wechat: wechatHost }, [wechatScope])

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
