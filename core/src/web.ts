/**
 * @minimon/core for H5 pages (the H5 builds of Taro and uni-app apps, or any web page): errors, page
 * performance, request health and traces, to SkyWalking OAP or any OpenTelemetry backend. This entry
 * carries the web host only; `protocol: 'skywalking'` sends SkyWalking's browser protocol instead of OTLP.
 *
 * @example
 * import Monitor from '@minimon/core/web'
 * Monitor.init({ service: 'my-h5', serviceVersion: '1.2.0', collector: 'https://oap.example.com:12800' })
 */
import { createApi } from './api'
import { webHost, webScope } from './hosts/web'

export * from './exports'

const api = createApi({ web: webHost }, [webScope])

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
