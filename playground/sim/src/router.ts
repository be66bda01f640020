// The page stack and the five navigation APIs with the platforms' lifecycle order:
//   open a page:  onLoad(query) -> onShow -> (view layer renders) -> onReady
//   navigateTo:   old onHide, then open the new page (stack limit 10)
//   redirectTo:   old onUnload, then open the new page
//   navigateBack: popped pages onUnload (top first), then the new top onShow
//   switchTab:    non-tab pages onUnload, current tab page onHide, target tab onShow (or opened once)
//   reLaunch:     every page onUnload (kept tab pages too), then open the new page
// Navigations are asynchronous and run one after another, like the native router.

import type { AppConfig } from './app-config'
import { normaliseRoute } from './app-registry'
import { createPage, type PageHandle } from './page-instance'
import type { Registry } from './app-registry'
import type { Runtime } from './runtime'
import { macrotask, sleep } from './timers'
import type { PageInstance } from './types'

export type NavType = 'appLaunch' | 'navigateTo' | 'redirectTo' | 'navigateBack' | 'switchTab' | 'reLaunch'

export type NavResult = { ok: true } | { ok: false; reason: string }

/** Timestamps (epoch ms) of one page's first render, for performance entries. */
export interface RenderTiming {
  route: string
  navType: NavType
  pageId: number
  start: number
  dataSent: number
  renderStart: number
  paint: number
  renderEnd: number
  readyAt: number
}

export interface RouteTiming {
  route: string
  navType: NavType
  pageId: number
  referrerPath?: string
  referrerPageId?: number
  start: number
  end: number
}

export interface NavObserver {
  pageRendered(t: RenderTiming): void
  routeDone(t: RouteTiming): void
}

export interface PageSource {
  /** Makes a page's code available (e.g. loads its subpackage); false if the route cannot be opened. */
  ensure(route: string): Promise<boolean>
  /** The page's template text (wxml/axml), when the app came from files. */
  template?(route: string): string | undefined
}

export const MAX_PAGE_STACK = 10

export function splitUrl(url: string, from?: string): { route: string; query: Record<string, string> } {
  const [pathPart, search = ''] = String(url).split('?', 2)
  let route: string
  if (pathPart.startsWith('/') || !from) route = normaliseRoute(pathPart)
  else {
    // Relative to the current page's directory, as the platforms resolve it.
    const parts = from.split('/').slice(0, -1)
    for (const seg of pathPart.split('/')) {
      if (seg === '..') parts.pop()
      else if (seg !== '.' && seg !== '') parts.push(seg)
    }
    route = normaliseRoute(parts.join('/'))
  }
  const query: Record<string, string> = {}
  for (const pair of search.split('&')) {
    if (!pair) continue
    const [k, v = ''] = pair.split('=', 2)
    query[safeDecode(k)] = safeDecode(v)
  }
  return { route, query }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

export class Router {
  private stack: PageHandle[] = []
  /** Tab pages stay alive (hidden) after switching away, until reLaunch. */
  private readonly tabs = new Map<string, PageHandle>()
  private readonly pageIds = new WeakMap<PageHandle, number>()
  private nextPageId = 1
  private tail: Promise<unknown> = Promise.resolve()
  config: AppConfig | undefined
  observer: NavObserver | undefined

  constructor(
    private readonly rt: Runtime,
    private readonly registry: Registry,
    private readonly source: PageSource,
    private readonly renderMs: number,
  ) {}

  instances(): PageInstance[] {
    return this.stack.map((h) => h.instance)
  }

  current(): PageHandle | undefined {
    return this.stack[this.stack.length - 1]
  }

  /** Runs `op` after every navigation queued before it. */
  enqueue<T>(op: () => Promise<T> | T): Promise<T> {
    const run = this.tail.then(() => (this.rt.alive ? op() : (undefined as T)))
    this.tail = run.catch(() => {})
    return run
  }

  /** Resolves when every queued navigation has finished. */
  async idle(): Promise<void> {
    let seen: Promise<unknown>
    do {
      seen = this.tail
      await seen
    } while (seen !== this.tail)
  }

  isTab(route: string): boolean {
    return this.config?.tabBar.includes(route) ?? false
  }

  /** Kill: forget every page without running any lifecycle. */
  clear(): void {
    this.stack = []
    this.tabs.clear()
  }

  async exists(route: string): Promise<boolean> {
    if (this.config && !this.config.pages.includes(route) && !this.registry.pages.has(route)) return false
    return (await this.source.ensure(route)) && this.registry.pages.has(route)
  }

  navigate(type: Exclude<NavType, 'navigateBack' | 'appLaunch'>, url: string): Promise<NavResult> {
    const called = Date.now()
    return this.enqueue(async () => {
      if (typeof url !== 'string' || !url) return { ok: false, reason: 'parameter error: parameter.url should be String' }
      const from = this.current()?.route
      const { route, query } = splitUrl(url, from)
      if (!(await this.exists(route))) return { ok: false, reason: `page "${route}" is not found` }
      const tab = this.isTab(route)
      if (type === 'navigateTo' && tab) return { ok: false, reason: 'can not navigateTo a tabbar page' }
      if (type === 'redirectTo' && tab) return { ok: false, reason: 'can not redirectTo a tabbar page' }
      if (type === 'switchTab' && !tab) return { ok: false, reason: 'can not switch to no-tabBar page' }
      if (type === 'navigateTo' && this.stack.length >= MAX_PAGE_STACK) return { ok: false, reason: 'webview count limit exceed' }
      const referrer = this.current()
      if (type === 'navigateTo') {
        referrer?.hide()
      } else if (type === 'redirectTo') {
        const old = this.stack.pop()
        if (old) this.unload(old)
      } else if (type === 'reLaunch') {
        this.unloadAll()
      } else {
        // switchTab: non-tab pages leave; the current tab page only hides. The target may already live.
        while (this.stack.length > 0 && !this.isTab(this.current()!.route)) this.unload(this.stack.pop()!)
        const top = this.current()
        this.stack = []
        if (top && top.route === route) {
          this.stack.push(top)
          if (top !== referrer) top.show()
          this.reportRoute(type, top, referrer, called)
          return { ok: true }
        }
        top?.hide()
        const alive = this.tabs.get(route)
        if (alive) {
          this.stack.push(alive)
          alive.show()
          this.reportRoute(type, alive, referrer, called)
          return { ok: true }
        }
      }
      await this.open(route, type === 'switchTab' ? {} : query, type, called, referrer)
      return { ok: true }
    })
  }

  back(delta: unknown): Promise<NavResult> {
    const called = Date.now()
    return this.enqueue(async () => {
      if (this.stack.length <= 1) return { ok: false, reason: 'cannot navigate back at first page.' }
      const n = Math.min(Math.max(1, Math.floor(Number(delta) || 1)), this.stack.length - 1)
      const referrer = this.current()
      for (let i = 0; i < n; i++) this.unload(this.stack.pop()!)
      const top = this.current()!
      top.show()
      this.reportRoute('navigateBack', top, referrer, called)
      return { ok: true }
    })
  }

  /** The entry page of a launch; false when it does not exist (the caller fires onPageNotFound). */
  launch(route: string, query: Record<string, string>, started: number): Promise<boolean> {
    return this.enqueue(async () => {
      if (!(await this.exists(route))) return false
      await this.open(route, query, 'appLaunch', started, undefined)
      return true
    })
  }

  hideCurrent(): void {
    this.current()?.hide()
  }

  showCurrent(): void {
    this.current()?.show()
  }

  private unload(h: PageHandle): void {
    h.unload()
    if (this.tabs.get(h.route) === h) this.tabs.delete(h.route)
  }

  private unloadAll(): void {
    while (this.stack.length > 0) this.unload(this.stack.pop()!)
    for (const h of [...this.tabs.values()]) this.unload(h)
  }

  private async open(
    route: string,
    query: Record<string, string>,
    type: NavType,
    called: number,
    referrer: PageHandle | undefined,
  ): Promise<void> {
    const def = this.registry.pages.get(route)!
    const start = Date.now()
    const h = createPage(this.rt, def)
    const pageId = this.nextPageId++
    this.pageIds.set(h, pageId)
    this.stack.push(h)
    if (this.isTab(route)) this.tabs.set(route, h)
    h.load(query)
    h.show()
    const dataSent = Date.now()
    // The view layer renders in between: real time passes, split into first paint and the rest.
    await macrotask()
    const renderStart = Date.now()
    await sleep(this.renderMs / 2)
    const paint = Date.now()
    await sleep(this.renderMs / 2)
    const renderEnd = Date.now()
    if (!this.rt.alive || !this.stack.includes(h)) return
    h.ready()
    const readyAt = Date.now()
    this.observer?.pageRendered({ route, navType: type, pageId, start, dataSent, renderStart, paint, renderEnd, readyAt })
    this.reportRoute(type, h, referrer, type === 'appLaunch' ? start : called)
  }

  private reportRoute(type: NavType, h: PageHandle, referrer: PageHandle | undefined, start: number): void {
    this.observer?.routeDone({
      route: h.route,
      navType: type,
      pageId: this.pageIds.get(h) ?? 0,
      referrerPath: referrer?.route,
      referrerPageId: referrer ? this.pageIds.get(referrer) : undefined,
      start,
      end: Date.now(),
    })
  }
}
