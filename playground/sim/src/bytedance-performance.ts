// tt.performance (Douyin base library 2.81.0+), recorded from what actually happened, like wx.getPerformance()
// in performance.ts but with ByteDance's names and shapes (developer.open-douyin.com: tt-performance-create-observer,
// performance-entry):
//   launch     app-click                 tap on the entry → route start (startTime: the tap)
//   resource   miniprogram-package       code package download (packageName "__APP__" for the main package)
//   evaluate   app-service               logic-layer JS injection (packageName, fileName)
//   paint      largest-contentful-paint  time point (no duration), with the page path
//   navigation (one per route)           navigationType "appLaunch" or the route API's name, referrerPath;
//                                        its `name` is not in the documentation read: "route" here (assumed)
// The observer's callback receives an array (not an entry list); `observe({ type })` names one entry type.

import { PerfRecorder, type PerfEntry } from './performance'
import type { RenderTiming, RouteTiming } from './router'

export class ByteDancePerfRecorder extends PerfRecorder {
  protected override observed(batch: PerfEntry[]): unknown {
    return batch.map((e) => ({ ...e }))
  }

  override packageLoaded(packageName: string, start: number, end: number, packageSize: number): void {
    this.record({
      entryType: 'resource',
      name: 'miniprogram-package',
      packageName,
      packageSize,
      startTime: start,
      duration: end - start,
    })
  }

  override scriptEvaluated(moduleName: string, start: number, end: number, fileList: string[]): void {
    this.record({
      entryType: 'evaluate',
      name: 'app-service',
      packageName: moduleName,
      fileName: fileList[0] ?? '',
      startTime: start,
      duration: end - start,
    })
  }

  override pageRendered(t: RenderTiming): void {
    this.record({ entryType: 'paint', name: 'largest-contentful-paint', path: t.route, startTime: t.renderEnd, duration: 0 })
  }

  override routeDone(t: RouteTiming): void {
    if (t.navType === 'appLaunch') {
      const launch = this.launch ?? { start: t.start, path: t.route }
      this.launch = undefined
      this.record({ entryType: 'launch', name: 'app-click', startTime: launch.start, duration: t.start - launch.start })
    }
    const e: PerfEntry = { entryType: 'navigation', name: 'route', navigationType: t.navType, path: t.route, startTime: t.start, duration: t.end - t.start }
    if (t.referrerPath !== undefined) e.referrerPath = t.referrerPath
    this.record(e)
  }
}
