import type { Host } from './host'
import { miniProgramHost } from './miniprogram'

declare const wx: Record<string, any> | undefined

/** WeChat's onError passes one string, often `MiniProgramError\n<message>\n<stack>`. */
export function splitWechatError(raw: unknown): [string, string] {
  let text = String(raw)
  let nl = text.indexOf('\n')
  const first = nl < 0 ? text : text.slice(0, nl)
  if (nl >= 0 && (first === 'MiniProgramError' || first === 'thirdScriptError')) {
    text = text.slice(nl + 1)
    nl = text.indexOf('\n')
  }
  return nl < 0 ? [text, ''] : [text.slice(0, nl), text.slice(nl + 1)]
}

export function wechatHost(): Host | undefined {
  if (typeof wx !== 'object' || !wx || typeof wx.request !== 'function') return undefined
  return miniProgramHost(wx, {
    name: 'wechat',
    storageLimit: 1024 * 1024,
    headerField: 'header',
    componentId: 10002,
    getItem: (api, key) => api.getStorageSync(key),
    setItem: (api, key, value) => api.setStorageSync(key, value),
    removeItem: (api, key) => api.removeStorageSync(key),
    errorListener: (fn) => (raw: unknown) => {
      const [message, stack] = splitWechatError(raw)
      fn(message, stack)
    },
  })
}
