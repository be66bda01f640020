import type { PerfEntry } from '../hosts/host'
import type { LifecycleEvent } from '../types'
import { normalizeRoute } from '../util/url'

export const LAUNCH = 'miniprogram.app_launch.duration'
export const FIRST_RENDER = 'miniprogram.first_render.duration'
export const ROUTE = 'miniprogram.route.duration'
/** Time a page stayed shown (show → hide/unload). Not read by OAP's rules; shown by the local collector. */
export const PAGE_STAY = 'miniprogram.page_stay.duration'

/** WeChat performance entries → gauge names (DESIGN.md), keyed by `entryType/name`. */
const FROM_ENTRY: Record<string, string> = {
  'navigation/appLaunch': LAUNCH,
  'navigation/route': ROUTE,
  'render/firstRender': FIRST_RENDER,
  'script/evaluateScript': 'miniprogram.script.duration',
  'loadPackage/downloadPackage': 'miniprogram.package_load.duration',
  'render/firstContentfulPaint': 'miniprogram.first_contentful_paint.duration',
  'render/largestContentfulPaint': 'miniprogram.largest_contentful_paint.duration',
}

type Emit = (name: string, value: number, page: string) => void


/**
 * Turns platform performance entries into gauges, each entry once; paints are measured from their page's
 * navigation start. Entries with no page (script evaluation, package download at launch) wait until a page
 * is known, so that every point carries a page path.
 */
export function perfEntryReader(emit: Emit, currentPage: () => string) {
  const seen: Record<string, 1> = {}
  const navigationStart: Record<string, number> = {}
  let waiting: [string, number][] = []
  const drain = () => {
    const page = currentPage()
    if (!page) return
    for (const [name, value] of waiting) emit(name, value, page)
    waiting = []
  }
  // paints carry only a timestamp: they wait for their page's navigation entry, which may come later
  let paints: PerfEntry[] = []
  const read = (entries: PerfEntry[]) => {
    const fresh = paints
    for (const e of entries) {
      const id = e.entryType + e.name + e.startTime + e.path
      if (!seen[id]) {
        seen[id] = 1
        fresh.push(e)
        if (e.entryType === 'navigation') navigationStart[normalizeRoute(e.path)] = e.startTime
      }
    }
    paints = []
    for (const e of fresh) {
      const name = FROM_ENTRY[e.entryType + '/' + e.name]
      if (!name) continue
      const page = normalizeRoute(e.path)
      let value = e.duration
      if (!(value > 0) && e.entryType === 'render') {
        if (navigationStart[page] === undefined) {
          if (paints.length < 20) paints.push(e)
          continue
        }
        value = e.startTime - navigationStart[page]
      }
      if (!(value >= 0 && value < 3600000)) continue
      if (page) emit(name, value, page)
      else if (waiting.length < 50) waiting.push([name, value])
    }
    drain()
  }
  return { read, drain }
}

/**
 * Turns lifecycle reports into gauges: launch = app launch → first page ready, first render = page load →
 * ready, route = navigation start → the next page ready (or shown again, for back navigation), and time on
 * page. Gauges named in `fromApi` come from the platform's performance API instead (one source each).
 */
export function lifecycleMeter(emit: Emit, fromApi: readonly string[]) {
  const own = (name: string) => fromApi.indexOf(name) < 0
  let launchAt = 0
  let routeAt = 0
  let loading = ''
  const loadAt: Record<string, number> = {}
  const shownAt: Record<string, number> = {}
  return (event: LifecycleEvent, page: string, time: number) => {
    switch (event) {
      case 'appLaunch':
        launchAt = time
        break
      case 'routeStart':
        routeAt = time
        break
      case 'pageLoad':
        loadAt[page] = time
        loading = page
        break
      case 'pageShow':
        shownAt[page] = time
        if (routeAt && loading !== page && own(ROUTE)) emit(ROUTE, time - routeAt, page)
        if (loading !== page) routeAt = 0
        break
      case 'pageReady':
        if (loadAt[page] && own(FIRST_RENDER)) emit(FIRST_RENDER, time - loadAt[page], page)
        if (launchAt && own(LAUNCH)) emit(LAUNCH, time - launchAt, page)
        if (routeAt && own(ROUTE)) emit(ROUTE, time - routeAt, page)
        launchAt = routeAt = 0
        delete loadAt[page]
        loading = ''
        break
      case 'pageHide':
      case 'pageUnload':
        if (shownAt[page]) emit(PAGE_STAY, time - shownAt[page], page)
        delete shownAt[page]
        break
    }
  }
}
