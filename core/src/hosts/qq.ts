import type { Host } from './host'
import { hostOn, wechatShaped } from './shapes'

declare const qq: Record<string, any> | undefined

/** `qq`, where the running monitor is kept (see createApi). */
export const qqScope = () => typeof qq === 'object' && qq

/** QQ: WeChat's API shapes on `qq` (uni-app's mp-qq runtime passes request and storage calls through unchanged). */
export const qqHost = (): Host | undefined => hostOn(qqScope(), wechatShaped('qq'))
