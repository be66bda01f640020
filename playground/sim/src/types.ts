// Shared types of the simulator. App code is untyped JavaScript, so the option bags stay loose on purpose.

/** Platforms the sim runs (see platforms.ts): `bytedance` is Douyin/Toutiao, `lark` Feishu/Lark. */
export type Platform = 'wechat' | 'alipay' | 'bytedance' | 'lark' | 'baidu' | 'qq' | 'dingtalk' | 'kuaishou' | 'jd' | 'xiaohongshu'

/** The two API shapes every platform follows: WeChat's `wx` or Alipay's `my`. */
export type Base = 'wechat' | 'alipay'

/** Anything a mini program passes to App()/Page()/Component(): lifecycle functions, data, methods. */
export type Options = Record<string, any>

/** What the platform hands to a user callback or to `fail`. */
export type Result = Record<string, any>

export interface LaunchOptions {
  path: string
  query: Record<string, string>
  scene: number
  referrerInfo: Record<string, unknown>
  [key: string]: unknown
}

/** A page (or a Component used as a page) while it is alive on the stack. */
export interface PageInstance {
  route: string
  __route__: string
  options: Record<string, string>
  data: Record<string, any>
  setData(patch: Record<string, unknown>, callback?: () => void): void
  [key: string]: any
}
