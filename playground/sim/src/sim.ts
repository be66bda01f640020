// createSim(): one simulated app instance. It wires the runtime, the platform API object, the
// registration globals, the router and the loader together, and drives the app-level lifecycle:
//   launch: App.onLaunch -> App.onShow (+ onAppShow listeners) -> entry page onLoad/onShow/onReady
//           (missing entry page: App.onPageNotFound + onPageNotFound listeners, isEntryPage true)
//   hide:   page onHide -> App.onHide -> onAppHide listeners; after suspendAfterMs the JS thread is
//           suspended: timers freeze, open requests fail with "interrupted"
//   show:   App.onShow -> onAppShow listeners -> page onShow; frozen timers resume
//   kill:   nothing more runs; open requests vanish; storage stays in sim.storage

import type { EnvVersion } from './api-context'
import { createAlipayApi } from './alipay-api'
import { ByteDancePerfRecorder } from './bytedance-performance'
import { parseAppConfig } from './app-config'
import { normaliseRoute, Registry } from './app-registry'
import { defineGlobals } from './install'
import { AppDirLoader, InMemorySource, MAIN_PACKAGE } from './loader'
import { NetworkPool } from './network'
import { PerfRecorder } from './performance'
import { applyShape, PLATFORMS, type PlatformShape } from './platforms'
import { Router, splitUrl, type PageSource } from './router'
import { Runtime } from './runtime'
import { SimStorage } from './storage'
import { compareVersions } from './system-info'
import { findTapTarget } from './template-events'
import { TempFiles } from './temp-files'
import { macrotask, realClearTimeout, realSetTimeout, SimTimers, sleep } from './timers'
import type { Base, LaunchOptions, Options, PageInstance, Platform, Result } from './types'
import { createWechatApi } from './wechat-api'

export interface SimOptions {
  /** Any platform of platforms.ts: wechat, alipay, bytedance, lark, baidu, qq, dingtalk, kuaishou, jd, xiaohongshu. */
  platform: Platform
  /** Pass the storage of a previous sim to simulate kill + relaunch. */
  storage?: SimStorage
  /** Time after hide() until the JS thread is suspended. Default 5000 (what WeChat documents). */
  suspendAfterMs?: number
  /** Platforms with a performance API (wx.getPerformance, tt.performance): expose it. Default true. */
  performance?: boolean
  /**
   * WeChat only: how `script` and `loadPackage` entries are named. `'wechat'` (default): `evaluateScript` and
   * `downloadPackage`, as WeChat's PerformanceEntry docs list them. `'entry-type'`: after their entry type,
   * `script` and `loadPackage`, as emulators name them, among them the workload SkyWalking's end-to-end tests
   * drive (SkyAPM/mini-program-monitor, sim/core/triggers.mjs).
   */
  perfEntryNames?: 'wechat' | 'entry-type'
  /** Base library version; gates APIs and performance entries. Default per platform (platforms.ts), WeChat 3.4.0, Alipay 2.9.0. */
  baseLibrary?: string
  appId?: string
  /** getAccountInfoSync().miniProgram.envVersion. Default 'develop'. */
  envVersion?: EnvVersion
  /** getAccountInfoSync().miniProgram.version when envVersion is 'release'. Default '1.0.0'. */
  appVersion?: string
  /** Overrides for the system-info APIs (e.g. { platform: 'android' }). */
  systemInfo?: Record<string, unknown>
  /** Concurrent request/downloadFile/uploadFile. Default per platform (platforms.ts): WeChat 10, Alipay no limit (none documented). */
  maxConcurrentRequests?: number
  /** Real time the simulated view layer takes to render a page (between onShow and onReady). Default 4. */
  renderMs?: number
}

/** An app defined in memory instead of a directory. */
export interface InMemoryApp {
  /** Options passed to App(). */
  app?: Options
  /** route -> options passed to Page(). */
  pages?: Record<string, Options>
  /** route -> options passed to Component(), used as a page (uni-app style). */
  componentPages?: Record<string, Options>
  /** Tab bar page routes. */
  tabBar?: string[]
  /** More app.json fields (entryPagePath, networkTimeout, ...). */
  config?: Record<string, unknown>
}

export interface LaunchParams {
  /** A compiled app directory (with app.json), or an in-memory app. Omit to use what test code registered. */
  app?: string | InMemoryApp
  path?: string
  query?: Record<string, string>
  scene?: number
}

export type SimState = 'foreground' | 'background' | 'suspended' | 'killed'

const IDLE_LIMIT_MS = 15_000

export class Sim {
  readonly platform: Platform
  /** The platform's API shape: WeChat's or Alipay's. */
  readonly base: Base
  readonly shape: PlatformShape
  readonly storage: SimStorage
  /** The platform's API object (`wx`, `my`, `tt`, `swan`, `qq`, `dd`, `ks`, `jd`, `xhs`). */
  readonly api: Record<string, any>
  /** What a mini program sees as globals: the API object (under each of its names), App, Page, Component, Behavior, getApp, getCurrentPages, timers. */
  readonly globals: Record<string, any>
  private readonly rt: Runtime
  private readonly timers: SimTimers
  private readonly registry: Registry
  private readonly router: Router
  private readonly perf: PerfRecorder | undefined
  private readonly suspendAfterMs: number
  /** App.onShow before App.onLaunch at launch (old Baidu base libraries: platforms.ts). */
  private readonly showBeforeLaunch: boolean
  private source: PageSource
  private appConfigTimeouts: Record<string, number> = {}
  private currentState: SimState = 'foreground'
  private launched = false
  private suspendTimer: ReturnType<typeof realSetTimeout> | undefined
  private readonly uninstalls = new Set<() => void>()
  private startOptions: LaunchOptions = { path: '', query: {}, scene: 1001, referrerInfo: {} }
  /** What the latest show() changed (getEnterOptionsSync and onShow see it; getLaunchOptionsSync not). */
  private enterOverrides: Partial<LaunchOptions> = {}

  constructor(opts: SimOptions) {
    const shape = Object.prototype.hasOwnProperty.call(PLATFORMS, opts.platform) ? PLATFORMS[opts.platform] : undefined
    if (!shape) throw new Error(`platform must be one of ${Object.keys(PLATFORMS).join(', ')}; got ${String(opts.platform)}`)
    this.platform = opts.platform
    this.shape = shape
    this.base = shape.base
    this.storage = opts.storage ?? new SimStorage()
    this.suspendAfterMs = opts.suspendAfterMs ?? 5000
    const baseLibrary = opts.baseLibrary ?? shape.baseLibrary
    this.showBeforeLaunch = shape.showBeforeLaunchBelow !== undefined && compareVersions(baseLibrary, shape.showBeforeLaunchBelow) < 0
    const limit = opts.maxConcurrentRequests ?? shape.maxConcurrentRequests
    // The runtime needs the timers and the timers report through the runtime: tie them after creation.
    let rt!: Runtime
    this.timers = new SimTimers((fn, args) => rt.call(fn, undefined, args))
    rt = new Runtime(this.base, this.storage, new NetworkPool(limit), this.timers)
    rt.errorFormat = shape.errorFormat ?? 'base'
    rt.rejectionEvent = !shape.noRejectionEvent
    rt.pageFields = shape.pageFields
    rt.readOnlyMethods = shape.readOnlyMethods ?? []
    rt.pageOnInit = shape.pageOnInit !== undefined && compareVersions(baseLibrary, shape.pageOnInit) >= 0
    const cp = shape.componentPage
    rt.componentPage = cp && { ...cp, onInit: cp.onInit !== undefined && compareVersions(baseLibrary, cp.onInit) >= 0 }
    this.rt = rt
    this.registry = new Registry(rt, () => this.router.instances())
    this.source = new InMemorySource(this.registry)
    this.router = new Router(rt, this.registry, { ensure: (route) => this.source.ensure(route) }, opts.renderMs ?? 4)
    const wantsPerf = opts.performance !== false
    this.perf =
      wantsPerf && shape.performance === 'wechat' && compareVersions(baseLibrary, '2.11.0') >= 0
        ? new PerfRecorder(rt, baseLibrary, opts.perfEntryNames === 'entry-type')
        : wantsPerf && shape.performance === 'bytedance' && compareVersions(baseLibrary, '2.81.0') >= 0
          ? new ByteDancePerfRecorder(rt, baseLibrary)
          : undefined
    this.router.observer = this.perf
    const ctx = {
      rt,
      router: this.router,
      perf: shape.performance === 'wechat' ? this.perf : undefined,
      files: new TempFiles(this.base === 'wechat' ? 'wxfile://tmp_' : 'https://resource/apml'),
      baseLibrary,
      appId: opts.appId ?? (this.base === 'wechat' ? 'wx0000000000000000' : '2021000000000000'),
      envVersion: opts.envVersion ?? 'develop',
      appVersion: opts.appVersion ?? '1.0.0',
      systemInfo: { ...shape.systemInfo, ...opts.systemInfo },
      networkTimeout: () => this.appConfigTimeouts,
      isSuspended: () => this.currentState === 'suspended',
      launchOptions: () => this.launchOptions(),
      enterOptions: () => ({ ...this.launchOptions(), ...this.enterOverrides }),
    }
    this.api = applyShape(this.base === 'wechat' ? createWechatApi(ctx) : createAlipayApi(ctx), shape, ctx)
    if (this.perf instanceof ByteDancePerfRecorder) this.api.performance = this.perf.api()
    this.globals = {
      ...Object.fromEntries(shape.globals.map((name) => [name, this.api])),
      App: this.registry.App,
      Page: this.registry.Page,
      Component: this.registry.Component,
      Behavior: this.registry.Behavior,
      getApp: this.registry.getApp,
      getCurrentPages: this.registry.getCurrentPages,
      setTimeout: this.timers.setTimeout,
      setInterval: this.timers.setInterval,
      clearTimeout: this.timers.clearTimeout,
      clearInterval: this.timers.clearInterval,
    }
  }

  get state(): SimState {
    return this.currentState
  }

  /** Timers set through the app's setTimeout/setInterval that have not fired or been cleared (frozen ones too). */
  get pendingTimers(): number {
    return this.timers.pending
  }

  /** Every error the platform caught (thrown by app code or passed to throwInApp), oldest first. */
  get errors(): readonly unknown[] {
    return this.rt.caughtErrors
  }

  /** Defines the globals on `target` (and captures unhandled rejections when it is globalThis). */
  install(target: object = globalThis): () => void {
    const un = defineGlobals(target as Record<string, unknown>, this.globals, (reason, promise) => this.rt.reportRejection(reason, promise))
    const uninstall = () => {
      this.uninstalls.delete(uninstall)
      un()
    }
    this.uninstalls.add(uninstall)
    return uninstall
  }

  registerPage(route: string, options: Options, kind: 'page' | 'component' = 'page'): void {
    this.registry.registerPage(route, options, kind)
  }

  async launch(params: LaunchParams = {}): Promise<void> {
    if (this.currentState === 'killed') throw new Error('this sim was killed: create a new one (pass sim.storage to keep storage)')
    if (this.launched) throw new Error('already launched: kill() it and create a new sim to relaunch')
    this.launched = true
    const started = Date.now()
    if (this.uninstalls.size === 0) {
      // App code may reach for globalThis.wx / getApp(); the launch installs unless the test already did.
      this.install()
    }
    this.loadApp(params.app)
    const config = this.router.config
    const requested = params.path ?? config?.entryPagePath ?? config?.pages[0] ?? [...this.registry.pages.keys()][0] ?? ''
    const { route, query: urlQuery } = splitUrl(requested)
    const query = { ...urlQuery, ...(params.query ?? {}) }
    this.startOptions = { path: route, query, scene: params.scene ?? 1001, referrerInfo: {} }
    if (this.platform === 'wechat') this.startOptions.apiCategory = 'default'
    this.perf?.launchStarted(started, route)
    const app = this.rt.app
    const opts = this.launchOptions()
    if (this.showBeforeLaunch) this.rt.call(app?.onShow, app, [this.launchOptions()])
    this.rt.call(app?.onLaunch, app, [opts])
    if (!this.showBeforeLaunch) this.rt.call(app?.onShow, app, [this.launchOptions()])
    this.rt.listeners.appShow.each((fn) => this.rt.call(fn, undefined, [this.launchOptions()]))
    const found = await this.router.launch(route, query, started)
    if (!found && this.rt.alive) this.firePageNotFound(route, query, true)
    await this.router.idle()
  }

  /**
   * The page on top: the instance its template is bound to (its data and methods). That is what
   * getCurrentPages() holds, except for a Baidu Component() page, whose page object is `pageinstance`.
   */
  currentPage(): PageInstance | undefined {
    return this.router.current()?.view
  }

  /** The page stack, bottom first (what getCurrentPages() returns). */
  pages(): PageInstance[] {
    return this.router.instances()
  }

  /**
   * Taps like a user: `'#id'` or `'.class'` finds the element in the page's wxml/axml and calls its
   * bindtap/catchtap/onTap method with the element's data-* as dataset; a plain name calls that method.
   * A throw inside the handler goes to onError (like on devices); a missing target throws to the test.
   */
  async tap(target: string, detail?: Record<string, unknown>, event?: Record<string, unknown>): Promise<void> {
    const page = this.router.current()
    if (!page) throw new Error('tap: no page is open')
    let method = target
    let id = ''
    let dataset = (event?.dataset as Record<string, unknown>) ?? {}
    if (target.startsWith('#') || target.startsWith('.')) {
      const template = this.source.template?.(page.route)
      const found = template === undefined ? undefined : findTapTarget(template, target)
      if (!found) throw new Error(`tap: no element ${target} with a static tap handler in the template of ${page.route}`)
      ;({ method, id } = found)
      dataset = { ...found.dataset, ...dataset }
    }
    const fn = page.view[method]
    if (typeof fn !== 'function') throw new Error(`tap: page ${page.route} has no method "${method}"`)
    const node = { id, dataset, offsetLeft: 0, offsetTop: 0 }
    const e = {
      type: 'tap',
      timeStamp: Math.round(performance.now()),
      detail: detail ?? { x: 0, y: 0 },
      currentTarget: node,
      target: node,
      touches: [],
      changedTouches: [],
      mark: {},
      ...event,
    }
    this.rt.call(fn, page.view, [e])
    await macrotask()
  }

  navigateTo(url: string): Promise<Result> {
    return this.api.navigateTo({ url })
  }

  redirectTo(url: string): Promise<Result> {
    return this.api.redirectTo({ url })
  }

  switchTab(url: string): Promise<Result> {
    return this.api.switchTab({ url })
  }

  reLaunch(url: string): Promise<Result> {
    return this.api.reLaunch({ url })
  }

  navigateBack(delta = 1): Promise<Result> {
    return this.api.navigateBack({ delta })
  }

  /** The app goes to the background; the JS thread is suspended suspendAfterMs later. */
  async hide(): Promise<void> {
    if (this.currentState !== 'foreground') return
    this.currentState = 'background'
    await this.router.enqueue(() => {
      this.router.hideCurrent()
      const app = this.rt.app
      this.rt.call(app?.onHide, app)
      this.rt.listeners.appHide.each((fn) => this.rt.call(fn, undefined))
    })
    if (this.state !== 'background') return
    this.suspendTimer = realSetTimeout(() => this.suspend(), this.suspendAfterMs)
    this.suspendTimer.unref?.()
  }

  /** Suspends the JS thread now: timers freeze, open and queued requests fail with "interrupted". */
  suspend(): void {
    if (this.currentState === 'killed' || this.currentState === 'suspended') return
    this.clearSuspendTimer()
    this.currentState = 'suspended'
    this.timers.freeze()
    this.rt.network.interruptAll()
  }

  /** The app comes back to the foreground. `options` are merged into the onShow/onAppShow argument. */
  /** The device's network changes: the onNetworkStatusChange listeners hear it (WeChat's types lower case, Alipay's upper case). */
  networkChange(isConnected: boolean, networkType = isConnected ? 'wifi' : 'none'): void {
    const type = this.base === 'alipay' ? networkType.toUpperCase() : networkType
    this.rt.listeners.networkStatusChange.each((fn) => this.rt.call(fn, undefined, [{ isConnected, networkType: type }]))
  }

  /** The system runs low on memory: the onMemoryWarning listeners hear `{ level }` (Android's 5, 10 or 15). */
  memoryWarning(level = 10): void {
    this.rt.listeners.memoryWarning.each((fn) => this.rt.call(fn, undefined, [{ level }]))
  }

  async show(options: Partial<LaunchOptions> = {}): Promise<void> {
    if (this.currentState === 'killed' || this.currentState === 'foreground') return
    this.clearSuspendTimer()
    this.timers.resume()
    this.currentState = 'foreground'
    this.enterOverrides = { ...options }
    const showOptions = () => ({ ...this.launchOptions(), ...this.enterOverrides })
    await this.router.enqueue(() => {
      const app = this.rt.app
      this.rt.call(app?.onShow, app, [showOptions()])
      this.rt.listeners.appShow.each((fn) => this.rt.call(fn, undefined, [showOptions()]))
      this.router.showCurrent()
    })
  }

  /** Ends the app instance: no more callbacks, requests dropped, timers cleared, globals uninstalled. */
  kill(): void {
    if (this.currentState === 'killed') return
    this.currentState = 'killed'
    this.clearSuspendTimer()
    this.rt.alive = false
    this.timers.clearAll()
    this.rt.network.dropAll()
    this.router.clear()
    for (const l of Object.values(this.rt.listeners)) l.clear()
    for (const un of [...this.uninstalls]) un()
  }

  /**
   * Waits `ms` of real time (default 0), then until no request is queued or in flight, no navigation is
   * pending and pending callbacks have run. Throws after 15 s instead of hanging a test.
   */
  async idle(ms = 0): Promise<void> {
    if (ms > 0) await sleep(ms)
    const deadline = Date.now() + IDLE_LIMIT_MS
    for (;;) {
      await this.router.idle()
      const net = this.rt.network.whenIdle()
      const timeout = sleep(Math.max(0, deadline - Date.now())).then(() => 'timeout' as const)
      if ((await Promise.race([net.then(() => 'ok' as const), timeout])) === 'timeout') {
        throw new Error(`sim.idle: ${this.rt.network.pending} request(s) still open after ${IDLE_LIMIT_MS} ms`)
      }
      await macrotask()
      await macrotask()
      if (this.rt.network.pending === 0) return
    }
  }

  /** Reports `error` exactly as the platform reports an uncaught throw in app code. */
  throwInApp(error: unknown): void {
    this.rt.reportError(error)
  }

  /** Reports an unhandled rejection with `reason`, as the platform does for app code. */
  rejectInApp(reason: unknown): void {
    const promise = Promise.reject(reason)
    promise.catch(() => {})
    this.rt.reportRejection(reason, promise)
  }

  private launchOptions(): LaunchOptions {
    return { ...this.startOptions, query: { ...this.startOptions.query } }
  }

  /**
   * Fires App.onPageNotFound and the onPageNotFound listeners as the platform does when the page a
   * launch (isEntryPage) or a hot start opens does not exist. Navigation APIs never fire it.
   */
  pageNotFound(url: string, isEntryPage = true): void {
    const { route, query } = splitUrl(url)
    this.firePageNotFound(route, query, isEntryPage)
  }

  private firePageNotFound(route: string, query: Record<string, string>, isEntryPage: boolean): void {
    const res = { path: route, query, isEntryPage }
    const app = this.rt.app
    this.rt.call(app?.onPageNotFound, app, [{ ...res }])
    this.rt.listeners.pageNotFound.each((fn) => this.rt.call(fn, undefined, [{ ...res }]))
  }

  private loadApp(app: LaunchParams['app']): void {
    if (typeof app === 'string') {
      // Each app run has a global object of its own (`global` on WeChat, `globalThis` everywhere), gone with the
      // app: what one launch puts there is not there for the next. Reads fall through to Node's global object,
      // where install() puts the platform's globals.
      // The platform's globals are the app global's own properties: a file that replaces one (`Page = …`)
      // replaces it for the whole app run, and only for it.
      const appGlobal = Object.assign(Object.create(globalThis), this.globals, { requirePlugin: () => ({}) })
      appGlobal.global = appGlobal.globalThis = appGlobal
      const loader = new AppDirLoader(app, this.rt, this.registry, this.perf, appGlobal)
      this.source = loader
      this.router.config = loader.config
      this.appConfigTimeouts = loader.config.networkTimeout
      loader.loadMainPackage()
      return
    }
    if (!app) return
    const t0 = Date.now()
    const pages = Object.keys({ ...app.pages, ...app.componentPages }).map(normaliseRoute)
    const config = parseAppConfig({ pages, tabBar: { list: (app.tabBar ?? []).map((pagePath) => ({ pagePath })) }, ...app.config })
    this.router.config = config
    this.appConfigTimeouts = config.networkTimeout
    this.perf?.packageLoaded(MAIN_PACKAGE, t0, Date.now(), 0)
    const t1 = Date.now()
    if (app.app) this.rt.call(this.registry.App, undefined, [app.app])
    for (const [route, options] of Object.entries(app.pages ?? {})) this.registry.registerPage(route, options, 'page')
    for (const [route, options] of Object.entries(app.componentPages ?? {})) this.registry.registerPage(route, options, 'component')
    this.perf?.scriptEvaluated(MAIN_PACKAGE, t1, Date.now(), [])
  }

  private clearSuspendTimer(): void {
    if (this.suspendTimer !== undefined) realClearTimeout(this.suspendTimer)
    this.suspendTimer = undefined
  }
}

export function createSim(opts: SimOptions): Sim {
  return new Sim(opts)
}
