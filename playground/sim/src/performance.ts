// wx.getPerformance(): entries recorded as the sim launches and navigates, with timings taken from what
// actually happened (real timestamps around loading, evaluation, lifecycle and the render step).
// Which entries exist follows the base library, per the PerformanceEntry docs:
//   navigation appLaunch/route, render firstRender, script evaluateScript   — always (>= 2.11.0)
//   render firstPaint, firstContentfulPaint (time points, no duration)       — >= 2.21.2
//   render largestContentfulPaint; route.referrerPath/pageId                 — >= 2.23.1
//   loadPackage downloadPackage                                              — >= 2.24.0

import type { NavObserver, RenderTiming, RouteTiming } from './router'
import type { Runtime } from './runtime'
import { compareVersions } from './system-info'
import { realSetImmediate } from './timers'

export interface PerfEntry {
  entryType: string
  name: string
  startTime: number
  duration?: number
  [key: string]: unknown
}

class EntryList {
  constructor(private readonly entries: PerfEntry[]) {}
  getEntries = (): PerfEntry[] => this.entries.map((e) => ({ ...e }))
  getEntriesByName = (name: string, entryType?: string): PerfEntry[] =>
    this.getEntries().filter((e) => e.name === name && (entryType === undefined || e.entryType === entryType))
  getEntriesByType = (entryType: string): PerfEntry[] => this.getEntries().filter((e) => e.entryType === entryType)
}

interface Observer {
  types: Set<string>
  callback: unknown
  pending: PerfEntry[]
}

export const DEFAULT_PERF_BUFFER = 30

export class PerfRecorder implements NavObserver {
  private readonly entries: PerfEntry[] = []
  private bufferSize = DEFAULT_PERF_BUFFER
  private readonly observers = new Set<Observer>()
  protected launch: { start: number; path: string } | undefined

  constructor(
    protected readonly rt: Runtime,
    protected readonly baseLibrary: string,
    /** Names `script` and `loadPackage` entries after their type, as emulators do (see SimOptions.perfEntryNames). */
    private readonly namedByType = false,
  ) {}

  protected since(version: string): boolean {
    return compareVersions(this.baseLibrary, version) >= 0
  }

  /** What an observer's callback receives: WeChat passes an entry list. */
  protected observed(batch: PerfEntry[]): unknown {
    return new EntryList(batch)
  }

  record(entry: PerfEntry): void {
    // Like the browser's buffer: once full, new entries reach observers but are not kept.
    if (this.entries.length < this.bufferSize) this.entries.push(entry)
    for (const o of this.observers) {
      if (!o.types.has(entry.entryType)) continue
      o.pending.push(entry)
      if (o.pending.length === 1) {
        realSetImmediate(() => {
          const batch = o.pending.splice(0)
          if (batch.length && this.observers.has(o)) this.rt.call(o.callback, undefined, [this.observed(batch)])
        })
      }
    }
  }

  launchStarted(start: number, path: string): void {
    this.launch = { start, path }
  }

  packageLoaded(packageName: string, start: number, end: number, packageSize: number): void {
    if (!this.since('2.24.0')) return
    this.record({ entryType: 'loadPackage', name: this.namedByType ? 'loadPackage' : 'downloadPackage', packageName, packageSize, startTime: start, duration: end - start })
  }

  scriptEvaluated(moduleName: string, start: number, end: number, fileList: string[], path?: string): void {
    const e: PerfEntry = { entryType: 'script', name: this.namedByType ? 'script' : 'evaluateScript', startTime: start, duration: end - start, moduleName }
    if (this.since('2.21.2')) e.fileList = fileList
    if (path) e.path = path
    this.record(e)
  }

  pageRendered(t: RenderTiming): void {
    const pageId = this.since('2.23.1') ? { pageId: t.pageId } : {}
    this.record({
      entryType: 'render',
      name: 'firstRender',
      path: t.route,
      startTime: t.start,
      duration: t.readyAt - t.start,
      viewLayerReadyTime: t.start,
      initDataSendTime: t.dataSent,
      initDataRecvTime: t.renderStart,
      viewLayerRenderStartTime: t.renderStart,
      viewLayerRenderEndTime: t.renderEnd,
      ...pageId,
    })
    if (this.since('2.21.2')) {
      this.record({ entryType: 'render', name: 'firstPaint', path: t.route, startTime: t.paint, ...pageId })
      this.record({ entryType: 'render', name: 'firstContentfulPaint', path: t.route, startTime: t.paint, ...pageId })
    }
    if (this.since('2.23.1')) {
      this.record({ entryType: 'render', name: 'largestContentfulPaint', path: t.route, startTime: t.renderEnd, ...pageId })
    }
  }

  routeDone(t: RouteTiming): void {
    if (t.navType === 'appLaunch') {
      // appLaunch: from the launch (the user's tap) to the first page's onReady.
      const launch = this.launch ?? { start: t.start, path: t.route }
      this.launch = undefined
      this.record({
        entryType: 'navigation',
        name: 'appLaunch',
        navigationType: 'appLaunch',
        path: t.route,
        startTime: launch.start,
        duration: t.end - launch.start,
      })
      return
    }
    const e: PerfEntry = {
      entryType: 'navigation',
      name: 'route',
      navigationType: t.navType,
      path: t.route,
      startTime: t.start,
      navigationStart: t.start,
      duration: t.end - t.start,
    }
    if (this.since('2.23.1')) {
      e.pageId = t.pageId
      if (t.referrerPath !== undefined) {
        e.referrerPath = t.referrerPath
        e.referrerPageId = t.referrerPageId
      }
    }
    this.record(e)
  }

  /** The object wx.getPerformance() returns. */
  api(): Record<string, unknown> {
    const all = () => new EntryList(this.entries)
    return {
      createObserver: (callback: unknown) => {
        const o: Observer = { types: new Set(), callback, pending: [] }
        return {
          observe: (opts: { entryTypes?: string[]; type?: string }) => {
            for (const t of opts?.entryTypes ?? (opts?.type ? [opts.type] : [])) o.types.add(t)
            this.observers.add(o)
          },
          disconnect: () => {
            this.observers.delete(o)
            o.pending.length = 0
          },
        }
      },
      getEntries: () => all().getEntries(),
      getEntriesByName: (name: string, entryType?: string) => all().getEntriesByName(name, entryType),
      getEntriesByType: (entryType: string) => all().getEntriesByType(entryType),
      setBufferSize: (size: number) => {
        this.bufferSize = Math.max(0, Math.floor(Number(size) || 0))
      },
    }
  }
}
