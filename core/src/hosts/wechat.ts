import type { Host } from './host'
import { miniProgramHost } from './miniprogram'

declare const wx: Record<string, any> | undefined

/** WeChat's onError passes one string, often `MiniProgramError\n<message>\n<stack>`. */
export function splitWechatError(raw: unknown): [string, string] {
  const lines = String(raw).split('\n')
  if (/^(MiniProgramError|thirdScriptError)$/.test(lines[0]) && lines.length > 1) lines.shift()
  return [lines[0], lines.slice(1).join('\n')]
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
