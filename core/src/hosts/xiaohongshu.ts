import type { Host } from './host'
import { hostOn, wechatShaped } from './shapes'

declare const xhs: Record<string, any> | undefined

/** `xhs`, where the running monitor is kept (see createApi). */
export const xiaohongshuScope = () => typeof xhs === 'object' && xhs

/**
 * Xiaohongshu: WeChat's API shapes on `xhs`. Taro's xhs API description has `getStorageSync` answer
 * `{ code, data, msg }`; uni-app's mp-xhs passes the value through: both are read.
 */
export const xiaohongshuHost = (): Host | undefined =>
  hostOn(
    xiaohongshuScope(),
    wechatShaped('xiaohongshu', {
      getItem(api, key) {
        const v = api.getStorageSync(key)
        return v && typeof v === 'object' ? v.data : v
      },
    }),
  )
