import type { Host } from './host'
import { miniProgramHost, type MiniProgramQuirks } from './miniprogram'

declare const my: Record<string, any> | undefined
declare const dd: Record<string, any> | undefined

/** `my`, where the running monitor is kept (see createApi). */
export const alipayScope = () => typeof my === 'object' && my

/** Alipay's shapes: `headers`/`status`, `({ key, data })` storage, `onError(message, stack)`. DingTalk copies them. */
export const alipayQuirks: MiniProgramQuirks = {
  name: 'alipay',
  storageLimit: 204800, // 200 KB
  headerField: 'headers',
  componentId: 10003,
  getItem: (api, key) => {
    const r = api.getStorageSync({ key })
    return r && r.data
  },
  setItem: (api, key, value) => {
    const r = api.setStorageSync({ key, data: value })
    // Alipay reports a failed write in the result instead of throwing
    if (r && r.success === false) throw new Error(r.errorMessage)
  },
  removeItem: (api, key) => api.removeStorageSync({ key }),
  errorListener: (fn) => (message: unknown, stack: unknown) => {
    const text = String(message)
    const nl = text.indexOf('\n')
    fn(nl < 0 ? text : text.slice(0, nl), stack ? String(stack) : nl < 0 ? '' : text.slice(nl + 1))
  },
}

export function alipayHost(forced?: boolean): Host | undefined {
  // DingTalk defines `my` too, and uni-app builds it as mp-alipay: report `dingtalk` there, never Alipay's data
  return miniProgramHost(alipayScope(), alipayQuirks, !forced && typeof dd === 'object' && !!dd && 'dingtalk')
}
