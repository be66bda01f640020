import type { Host } from './host'
import { hostOn, wechatShaped } from './shapes'

declare const ks: Record<string, any> | undefined

/** `ks`, where the running monitor is kept (see createApi). */
export const kuaishouScope = () => typeof ks === 'object' && ks

/** Kuaishou: WeChat's API shapes on `ks` (uni-app's mp-kuaishou runtime passes request and storage through unchanged). */
export const kuaishouHost = (): Host | undefined => hostOn(kuaishouScope(), wechatShaped('kuaishou'))
