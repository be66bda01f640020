/**
 * @minimon/native for Alipay only: the same wrappers as `@minimon/native`, on `@minimon/core/alipay` (a smaller
 * build). Use it together with `@minimon/core/alipay`, never with the two-platform `@minimon/core`.
 */
import { getMonitor, init } from '@minimon/core/alipay'
import { createNative } from './native'

export type { CoreApi, MonitorSource, NativeAdapter } from './native'
export type { Monitor, MonitorOptions } from '@minimon/core/alipay'

const native = createNative({ init, getMonitor })

export const monitorApp = native.monitorApp
export const monitorPage = native.monitorPage
export const monitorComponent = native.monitorComponent
export const patchGlobals = native.patchGlobals
export { getMonitor }
