import type { Platform } from '../types'
import type { Host } from './host'
import { miniProgramHost, type MiniProgramQuirks } from './miniprogram'
import { wechatQuirks } from './wechat'

type Api = Record<string, any>

/** What a platform has beyond WeChat's or Alipay's shapes, set on its host after it is made (WeChat's own code stays as small as it was). */
export interface Shape extends MiniProgramQuirks {
  /** The platform's performance API; none when absent or undefined. */
  perf?(api: Api): Host['observePerformance']
  /** Gauges that performance API provides (see Host.perfCovers). */
  perfCovers?: string[]
  /** The app's version, where `getAccountInfoSync().miniProgram` does not hold it. */
  version?(api: Api): unknown
}

/**
 * WeChat's error text parser, also for an `{ message, stack }` object: platforms other than WeChat document
 * `onError`'s argument loosely (a string on most, an object in some versions), so both are accepted.
 */
const errorListener: MiniProgramQuirks['errorListener'] = (fn) => {
  const parse = wechatQuirks.errorListener(fn)
  return (raw: any) => parse(raw && typeof raw === 'object' && raw.message ? raw.message + (raw.stack ? '\n' + raw.stack : '') : raw)
}

/**
 * The quirks of a WeChat-shaped platform (`header`/`statusCode`, `(key, value)` storage): WeChat's, with the
 * platform's name, SkyWalking's generic ajax component id (10001: never WeChat's 10002) and its own changes.
 * Storage: 200 KB per key unless the platform's limit is known (the smallest documented one, Alipay's).
 * Performance: none unless the platform's API is known (a platform's `getPerformance`, where one exists, is
 * not known to be WeChat's; Baidu's is the mini-game API): launch, first render and route then come from the
 * lifecycle, as on Alipay.
 */
export const wechatShaped = (name: Platform, changes?: Partial<Shape>): Shape => ({
  ...wechatQuirks,
  name,
  componentId: 10001,
  storageLimit: 204800, // 200 KB
  errorListener,
  ...changes,
})

/** The host on `api` when it is there and can send requests, else undefined. */
export function hostOn(api: Api | false | undefined, shape: Shape): Host | undefined {
  const host = miniProgramHost(api, shape) as { -readonly [K in keyof Host]: Host[K] } | undefined
  if (!host) return undefined
  // (a host is made only where `api` is there)
  host.observePerformance = shape.perf && shape.perf(api as Api)
  host.perfCovers = shape.perfCovers
  const version = shape.version
  if (version)
    host.appVersion = () => {
      try {
        return String(version(api as Api) || '')
      } catch (e) {
        return ''
      }
    }
  return host
}
