import type { Host } from './host'
import { hostOn, wechatShaped } from './shapes'

declare const swan: Record<string, any> | undefined

/** `swan`, where the running monitor is kept (see createApi). */
export const baiduScope = () => typeof swan === 'object' && swan

/**
 * Baidu: WeChat's API shapes on `swan`. No `getAccountInfoSync` (uni-app maps it to `getEnvInfoSync`, which
 * has no app version): the environment (`development`/`trial`/`production`) stands in, as `envVersion` does on WeChat.
 */
export const baiduHost = (): Host | undefined =>
  hostOn(
    baiduScope(),
    wechatShaped('baidu', {
      version: (api) => api.getEnvInfoSync && api.getEnvInfoSync().env,
    }),
  )
