import type { Host, PerfEntry } from './host'
import { guard } from './miniprogram'
import { inLark, larkQuirks, ttVersion } from './lark'
import { hostOn, wechatShaped } from './shapes'

declare const tt: Record<string, any> | undefined

type Entry = Record<string, any>

/**
 * `tt.performance` entries (kebab-case, developer.open-douyin.com PerformanceEntry) → the WeChat names the
 * perf signal reads. `app-click` (tap → route start) is not a launch duration, so launch, first render and
 * route come from the lifecycle; navigation entries only mark where each page's paints are measured from.
 */
const NAMES: Record<string, [string, string]> = {
  __proto__: null as any,
  'miniprogram-package': ['loadPackage', 'downloadPackage'],
  'app-service': ['script', 'evaluateScript'],
  'first-contentful-paint': ['render', 'firstContentfulPaint'],
  'largest-contentful-paint': ['render', 'largestContentfulPaint'],
}

function normalise(list: Entry[]): PerfEntry[] {
  const out: PerfEntry[] = []
  for (const e of list || []) {
    const to = NAMES[e.name]
    // paints are time points: duration 0 makes them count from their page's navigation start
    if (to) out.push({ entryType: to[0], name: to[1], startTime: e.startTime, duration: to[0] === 'render' ? 0 : e.duration, path: e.path })
    else if (e.entryType === 'navigation') out.push({ entryType: 'navigation', name: '', startTime: e.startTime, duration: 0, path: e.path })
  }
  return out
}

/** `tt.performance.createObserver` (base library 2.81.0+): its callback receives an array; `observe` takes one `type`. */
function observe(api: Entry): Host['observePerformance'] {
  const perf = api.performance
  if (!perf || typeof perf.createObserver !== 'function') return undefined
  return (fn) => {
    try {
      const read = guard((list: Entry[]) => fn(normalise(list)))
      if (typeof perf.getEntries === 'function') read(perf.getEntries())
      const observer = perf.createObserver((list: any) => read(list && typeof list.getEntries === 'function' ? list.getEntries() : list))
      for (const type of ['launch', 'resource', 'evaluate', 'paint', 'navigation']) observer.observe({ type })
      return () => observer.disconnect()
    } catch (e) {
      return undefined
    }
  }
}

/** Douyin, Toutiao and the other ByteDance apps: WeChat's API shapes on `tt`, plus `tt.performance`. */
export const bytedanceQuirks = wechatShaped('bytedance', { version: ttVersion, perf: observe, perfCovers: [] })

/** `tt` inside Feishu/Lark reports `lark` unless the `platform` option says otherwise. */
export const bytedanceHost = (forced?: boolean): Host | undefined =>
  typeof tt === 'object' && tt ? hostOn(tt, !forced && inLark(tt) ? larkQuirks : bytedanceQuirks) : undefined
