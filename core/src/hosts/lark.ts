import type { Host } from './host'
import { hostOn, wechatShaped } from './shapes'

declare const tt: Record<string, any> | undefined

/** `tt`, where the running monitor is kept (see createApi); shared with ByteDance. */
export const ttScope = () => typeof tt === 'object' && tt

/** The app version of a `tt` platform: `getEnvInfoSync().microapp.mpVersion` (Douyin 2.21.0+), else the WeChat-style account info. */
export function ttVersion(api: Record<string, any>): unknown {
  const env = api.getEnvInfoSync && api.getEnvInfoSync()
  const mp = (env && env.microapp) || {}
  const info = !mp.mpVersion && api.getAccountInfoSync && api.getAccountInfoSync()
  return mp.mpVersion || (info && info.miniProgram && info.miniProgram.version) || mp.envType
}

/** Feishu and Lark run mini programs on `tt` too; their system info names the host app (Douyin's: `Douyin`, `Toutiao`, …). */
export function inLark(api: Record<string, any>): boolean {
  try {
    return /^(feishu|lark)/i.test(String(api.getSystemInfoSync().appName))
  } catch (e) {
    return false
  }
}

/** Feishu / Lark: WeChat's API shapes on `tt`; no performance API found (lifecycle measures, as on Alipay). */
export const larkQuirks = wechatShaped('lark', { version: ttVersion })

export const larkHost = (): Host | undefined => hostOn(ttScope(), larkQuirks)
