/**
 * @minimon/core/jd: end-user monitoring for JD (`jd`) mini programs, reported to any OpenTelemetry backend
 * over OTLP/HTTP (or SkyWalking OAP, whose mini-program dashboards cover WeChat and Alipay only). This entry
 * carries that one host.
 *
 * @example
 * import MiniProgramMonitor from '@minimon/core/jd'
 * MiniProgramMonitor.init({ service: 'my-mini-program', serviceVersion: '1.2.0', collector: 'https://otel.example.com:4318' })
 */
import { createApi } from './api'
import { jdHost, jdScope } from './hosts/jd'

export * from './exports'

const api = createApi({ jd: jdHost }, [jdScope])

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
