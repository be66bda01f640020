import type { Host } from './host'
import { hostOn, wechatShaped } from './shapes'

declare const jd: Record<string, any> | undefined

/** `jd`, where the running monitor is kept (see createApi). */
export const jdScope = () => typeof jd === 'object' && jd

/** JD: WeChat's API shapes on `jd` (uni-app's mp-jd runtime passes request and storage through unchanged). */
export const jdHost = (): Host | undefined => hostOn(jdScope(), wechatShaped('jd'))
