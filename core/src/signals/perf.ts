import type { PerfEntry } from '../hosts/host'
import type { LifecycleEvent } from '../types'
import { normalizeRoute } from '../util/url'

export const LAUNCH = 'miniprogram.app_launch.duration'
export const FIRST_RENDER = 'miniprogram.first_render.duration'
export const ROUTE = 'miniprogram.route.duration'
/** Time a page stayed shown (show → hide/unload). Not read by OAP's rules; shown by the local collector. */
export const PAGE_STAY = 'miniprogram.page_stay.duration'

/**
 * WeChat performance entries → gauge names (DESIGN.md). `script` and `loadPackage` entries by their type,
 * whatever their name (emulators and test rigs name them differently); the others by name.
 */
const FROM_ENTRY: Record<string, string> = {
  __proto__: null as any,
  script: 'miniprogram.script.duration',
  loadPackage: 'miniprogram.package_load.duration',
  appLaunch: LAUNCH,
  route: ROUTE,
  firstRender: FIRST_RENDER,
  firstContentfulPaint: 'miniprogram.first_contentful_paint.duration',
  largestContentfulPaint: 'miniprogram.largest_contentful_paint.duration',
}

type Emit = (name: string, value: number, page: string) => void

/**
 * Turns platform performance entries into gauges, each entry once; paints are measured from their page's
 * navigation start. Entries with no page (script evaluation, package download at launch) wait until a page
 * is known, so that every point carries a page path. Values are range-checked where they are emitted.
 */
export function perfEntryReader(emit: Emit, currentPage: () => string) {
  const seen: Record<string, 1> = {}
  const navigationStart: Record<string, number> = {}
  let waiting: [string, number][] = []
  // paints carry only a timestamp: they wait for their page's navigation entry, which may come later
  let paints: PerfEntry[] = []
  const drain = () => {
    const page = waiting.length ? currentPage() : ''
    if (page) {
      for (const w of waiting) emit(w[0], w[1], page)
      waiting = []
    }
  }
  const read = (entries: PerfEntry[]) => {
    const fresh = paints
    paints = []
    for (const e of entries) {
      const id = e.entryType + e.name + e.startTime + e.path
      if (!seen[id]) {
        seen[id] = 1
        fresh.push(e)
        if (e.entryType === 'navigation') navigationStart[normalizeRoute(e.path)] = e.startTime
      }
    }
    for (const e of fresh) {
      const name = FROM_ENTRY[e.entryType] || FROM_ENTRY[e.name]
      if (!name) continue
      const page = normalizeRoute(e.path)
      const start = navigationStart[page]
      let value = e.duration
      if (!(value > 0) && e.entryType === 'render') {
        if (start === undefined) {
          if (paints.length < 20) paints.push(e)
          continue
        }
        value = e.startTime - start
      }
      if (page) emit(name, value, page)
      else if (waiting.length < 50) waiting.push([name, value])
    }
    drain()
    // true while some wait for a page: the next flush tries again
    return waiting.length > 0
  }
  return { read, drain }
}

/**
 * Turns lifecycle reports into gauges: launch = app launch → first page ready, first render = page load →
 * ready, route = navigation start → the next page ready (or shown again, for back navigation), and time on
 * page. Gauges named in `fromApi` come from the platform's performance API instead (one source each).
 */
export function lifecycleMeter(emit: Emit, fromApi: readonly string[]) {
  let launchAt = 0
  let routeAt = 0
  let loading = ''
  const loadAt: Record<string, number> = {}
  const shownAt: Record<string, number> = {}
  return (event: LifecycleEvent, page: string, time: number) => {
    const measure = (name: string, since: number) => {
      if (since && fromApi.indexOf(name) < 0) emit(name, time - since, page)
    }
    if (event === 'appLaunch') launchAt = time
    else if (event === 'routeStart') routeAt = time
    else if (event === 'pageLoad') loadAt[(loading = page)] = time
    else if (event === 'pageShow') {
      shownAt[page] = time
      if (loading !== page) {
        measure(ROUTE, routeAt)
        routeAt = 0
      }
    } else if (event === 'pageReady') {
      measure(FIRST_RENDER, loadAt[page])
      measure(LAUNCH, launchAt)
      measure(ROUTE, routeAt)
      launchAt = routeAt = 0
      delete loadAt[page]
      loading = ''
    } else if (event === 'pageHide' || event === 'pageUnload') {
      measure(PAGE_STAY, shownAt[page])
      delete shownAt[page]
    }
  }
}
