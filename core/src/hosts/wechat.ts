import type { Host } from './host'
import { miniProgramHost, type MiniProgramQuirks } from './miniprogram'

declare const wx: Record<string, any> | undefined
declare const qq: Record<string, any> | undefined

/** `wx`, where the running monitor is kept (see createApi). */
export const wechatScope = () => typeof wx === 'object' && wx

// module-level: a RegExp literal inside the listener would be a new object on every error
const WRAPPER = /^(MiniProgram|thirdScript)Error/

/** WeChat's shapes: `header`/`statusCode`, `(key, value)` storage, `onError(text)`. Most platforms copy them. */
export const wechatQuirks: MiniProgramQuirks = {
  name: 'wechat',
  storageLimit: 1048576, // 1 MB
  headerField: 'header',
  componentId: 10002,
  getItem: (api, key) => api.getStorageSync(key),
  setItem: (api, key, value) => api.setStorageSync(key, value),
  removeItem: (api, key) => api.removeStorageSync(key),
  // one string, often `MiniProgramError\n<message>\n<stack>`
  errorListener: (fn) => (raw: unknown) => {
    const text = String(raw)
    let from = 0
    let nl = text.indexOf('\n')
    if (nl === 16 && WRAPPER.test(text)) nl = text.indexOf('\n', (from = 17))
    if (nl < 0) nl = text.length
    fn(text.slice(from, nl), text.slice(nl + 1))
  },
}

export function wechatHost(forced?: boolean): Host | undefined {
  // QQ runs WeChat-shaped code: a WeChat build inside QQ reports `qq` (own component id), never WeChat's data
  return miniProgramHost(wechatScope(), wechatQuirks, !forced && typeof qq === 'object' && !!qq && 'qq')
}
