/**
 * @minimon/native for WeChat only: the same wrappers as `@minimon/native`, on `@minimon/core/wechat` (a smaller
 * build). Use it together with `@minimon/core/wechat`, never with the two-platform `@minimon/core`.
 */
import { getMonitor, init } from '@minimon/core/wechat'
import { createNative } from './native'

export type { CoreApi, MonitorSource, NativeAdapter } from './native'
export type { Monitor, MonitorOptions } from '@minimon/core/wechat'

export const { monitorApp, monitorPage, monitorComponent, patchGlobals } = createNative({ init, getMonitor })
export { getMonitor }
