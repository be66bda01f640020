import type { Host } from './host'
import { alipayQuirks } from './alipay'
import { miniProgramHost } from './miniprogram'

declare const dd: Record<string, any> | undefined

/** `dd`, where the running monitor is kept (see createApi). */
export const dingtalkScope = () => typeof dd === 'object' && dd

/**
 * DingTalk: Alipay's API shapes on `dd` (`headers`/`status`, `({ key, data })` storage), with `httpRequest`
 * instead of `request`. Native and Taro (dd plugin) apps call `dd`; uni-app builds DingTalk as mp-alipay and
 * calls `my`: its adapter loads the Alipay entry, whose host reports `dingtalk` when `dd` is there.
 */
export const dingtalkHost = (): Host | undefined => miniProgramHost(dingtalkScope(), alipayQuirks, 'dingtalk')
