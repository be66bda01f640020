/**
 * @minimon/native for Alipay only: the same wrappers as `@minimon/native`, on `@minimon/core/alipay` (a smaller
 * build). Use it together with `@minimon/core/alipay`, never with the two-platform `@minimon/core`.
 */
import { getMonitor, init } from '@minimon/core/alipay'
import { createNative } from './native'

export type { CoreApi, MonitorSource, NativeAdapter } from './native'
export type { Monitor, MonitorOptions } from '@minimon/core/alipay'

export const { monitorApp, monitorPage, monitorComponent, patchGlobals } = createNative({ init, getMonitor })
export { getMonitor }
