// Every platform the sim runs, as data: each is WeChat's `wx` or Alipay's `my` with a few differences. The
// API modules (wechat-api.ts, alipay-api.ts) build the base object; applyShape() removes what a platform
// lacks and adds what it has on top. Sources are cited per line; "assumed" marks what nobody here could
// confirm: there the base's behaviour is kept, never something made up to suit a test.
//   uni-mp-<x>: @dcloudio/uni-mp-<x>@3.0.0-5000720260410001 dist/uni.api.esm.js, whose `protocols` object lists
//   every API uni-app has to adapt on that platform (an API not listed is called with WeChat's shape).

import type { ApiContext } from './api-context'
import type { Base, Platform } from './types'

export interface PlatformShape {
  /** Whose API object this platform's resembles. */
  base: Base
  /** Global names the API object is installed under (the first is its own). */
  globals: string[]
  /** Base library when SimOptions.baseLibrary is not given. */
  baseLibrary: string
  /** APIs of the base object this platform does not have. */
  missing?: string[]
  /** APIs this platform has on top of the base object. */
  extra?: (ctx: ApiContext) => Record<string, unknown>
  /** Fields getSystemInfoSync() adds to (or changes in) the base's. */
  systemInfo?: Record<string, unknown>
  /** How `onError` listeners receive an error: the base's way, or one string `message\nstack`. */
  errorFormat?: 'base' | 'plain'
  /** No unhandled-rejection event at all: neither App.onUnhandledRejection nor a listener API. */
  noRejectionEvent?: boolean
  /** App.onShow runs before App.onLaunch at launch on base libraries below this one. */
  showBeforeLaunchBelow?: string
  /** Performance API: WeChat's `getPerformance()`, ByteDance's `tt.performance`, or none. */
  performance: 'wechat' | 'bytedance' | 'none'
  /** Concurrent request/downloadFile/uploadFile when SimOptions.maxConcurrentRequests is not given. */
  maxConcurrentRequests: number
  /** Fields every page instance has on this platform beyond the base's (`pageId`: 1 for the first page opened, …). */
  pageFields?: (pageId: number) => Record<string, unknown>
  /** Instance methods the platform makes read-only: assigning one throws in strict-mode code. */
  readOnlyMethods?: string[]
  /** Page() pages get `onInit(query)` before `onLoad(query)` from this base library on. */
  pageOnInit?: string
  /** How a Component() used as a page differs from WeChat's (see ComponentPageShape). */
  componentPage?: ComponentPageShape
}

/** A Component() registered as a page, where it differs from WeChat's (Baidu: see PLATFORMS.baidu). */
export interface ComponentPageShape {
  /**
   * getCurrentPages() holds a page object of its own, not the component: the component reaches it as
   * `this.pageinstance` (route, options, setData).
   */
  pageInstance: boolean
  /** `attached` runs when the page loads, then methods.onShow, then methods.onLoad(query). */
  showBeforeLoad: boolean
  /** `lifetimes.onInit(query)` (or a top-level `onInit`) runs before `attached` from this base library on. */
  onInit?: string
  /** Component instances carry their definition's `methods` object and `dispatch(name, value)`. */
  methodsAndDispatch: boolean
}

/** WeChat's split system-info APIs (base library 2.20.1+): WeChat's own, not found on the other WeChat-shaped platforms. */
const WECHAT_ONLY = ['getDeviceInfo', 'getWindowInfo', 'getAppBaseInfo', 'getSystemSetting', 'getAppAuthorizeSetting']
const NO_REJECTION_API = ['onUnhandledRejection', 'offUnhandledRejection']

export const PLATFORMS: Record<Platform, PlatformShape> = {
  wechat: { base: 'wechat', globals: ['wx'], baseLibrary: '3.4.0', performance: 'wechat', maxConcurrentRequests: 10 },
  alipay: { base: 'alipay', globals: ['my'], baseLibrary: '2.9.0', performance: 'none', maxConcurrentRequests: Infinity },

  // Douyin / Toutiao. tt.onUnhandledRejection from base library 2.41.0; App.onPageNotFound, no tt.onPageNotFound
  // (PLATFORMS-RESEARCH.md, developer.open-douyin.com "应用级事件"). appName "Douyin"/"Toutiao"…
  // (developer.open-douyin.com tt-get-system-info-sync). tt.getEnvInfoSync (2.21.0) holds the app version
  // (developer.open-douyin.com get-env-info-sync). tt.performance (2.81.0): developer.open-douyin.com
  // tt-performance-create-observer, performance-entry. onError argument: assumed one string.
  // Page instances: `__nodeId__` 0 and a `__webviewId__` (uni-mp-toutiao uni.mp.esm.js: `isPage` is
  // `__nodeId__ === 0`, "目前测试来看，页面的 nodeId 是 0" — as tested, a page's nodeId is 0; mocks list
  // `__webviewId__`, `__nodeId__`). The webview id's values: assumed a per-page serial number.
  bytedance: {
    base: 'wechat',
    globals: ['tt'],
    baseLibrary: '3.20.0',
    missing: [...WECHAT_ONLY, 'onPageNotFound', 'offPageNotFound', 'getPerformance'],
    extra: (ctx) => ({ getEnvInfoSync: () => ttEnvInfo(ctx) }),
    systemInfo: { appName: 'Douyin' },
    pageFields: ttPageFields,
    errorFormat: 'plain',
    performance: 'bytedance',
    maxConcurrentRequests: Infinity,
  },
  // Feishu / Lark: `tt` with appName "Feishu" (public code tests `appName === 'Feishu'`; uni-mp-lark reads
  // appName as the host name). No onUnhandledRejection; at most 10 concurrent requests (PLATFORMS-RESEARCH.md,
  // open.feishu.cn). No performance API found. onPageNotFound listener API: assumed as on Douyin (App hook only).
  // Page instances as on Douyin (uni-mp-lark uni.mp.esm.js has the same `isPage` and mocks).
  lark: {
    base: 'wechat',
    globals: ['tt'],
    baseLibrary: '3.20.0',
    missing: [...WECHAT_ONLY, ...NO_REJECTION_API, 'onPageNotFound', 'offPageNotFound', 'getPerformance'],
    extra: (ctx) => ({ getEnvInfoSync: () => ttEnvInfo(ctx) }),
    systemInfo: { appName: 'Feishu' },
    pageFields: ttPageFields,
    errorFormat: 'plain',
    noRejectionEvent: true,
    performance: 'none',
    maxConcurrentRequests: 10,
  },
  // Baidu: swan.onPageNotFound (3.60.2), no onUnhandledRejection found (PLATFORMS-RESEARCH.md); no
  // getAccountInfoSync: uni-mp-baidu maps it to getEnvInfoSync ({ appKey, sdkVersion, env }).
  // App.onUnhandledRejection: assumed absent like the listener API.
  // App launch order: onLaunch, then onShow, on current base libraries — "初始化时同步执行 app onLaunch // 收到
  // firstRender，并且客户端派发onShow事件 -> app onShow" (onLaunch runs synchronously at init; onShow once the
  // first render is in and the client dispatched its show: swan-team/swan-docs framework/process_life.md,
  // 2019-12-30; its 2020 revision, with page onInit after app onShow, as mirrored by w3cschool.cn baiduapp;
  // smartprogram.baidu.com performance/proper_onLaunch: "App.onLaunch是进入小程序的第一个生命周期函数").
  // Old base libraries ran onShow first: uni-app's "百度 onShow 竟然会在 onLaunch 之前" (Baidu's onShow comes
  // before onLaunch; dcloudio/uni-app a10648ce36, 2019-06-12, when 3.70.15 was the newest base library), and
  // Baidu's open-source swan-core 3.50.2 (2019-05) shows how: App() subscribes to the client's lifecycle events
  // with `listenPreviousEvent: true`, replaying an onAppShow that came before app.js ran, and only then calls
  // _onAppLaunch. Where it changed is in no source found: assumed with the new lifecycle, 3.105.17 ("生命周期内容
  // 更新" — swanchangelog.md 2019.10.14; uni-app b4f063446b swapped an `sdkVersion < '3.105.17'` check for
  // `canIUse('lifecycle-2-0')`). swan-core 3.30.0 (2019-03) ran onLaunch then onShow inside App(): not simulated.
  // Page onInit(query) before onLoad from base library 3.260 (uni-mp-baidu uni.mp.esm.js: "百度小程序基础库 3.260
  // 以上支持页面 onInit 生命周期，提前创建 vm 实例" — base library 3.260+ has the page onInit lifecycle; Taro's
  // @tarojs/plugin-platform-swan runtime puts a page's load work in onInit: `config.page[0] = 'onInit'`).
  // Component() used as a page (uni-mp-baidu registers every page so):
  // - `pageinstance`: "百度 当组件作为页面时 pageinstance 不是原来组件的 instance" — on Baidu, a component used
  //   as a page has a `pageinstance` that is not the component itself; uni reads its `route` and sets fields
  //   on it, and falls back to the last of getCurrentPages() when it lacks `setData` ("百度小程序后续可能移除
  //   pageinstance 属性" — Baidu may drop it later): so getCurrentPages() holds that page object (uni-mp-baidu
  //   uni.mp.esm.js). Its fields beyond route/options/data/setData: assumed none.
  // - order: "lifetimes:attached --> methods:onShow --> methods:onLoad --> methods:onReady" (uni-mp-baidu
  //   uni.mp.esm.js, "关于百度小程序生命周期的说明(组件作为页面时)"; from base library 3.70, whose changelog
  //   says "新版生命周期上线" — swan-team/swan-docs swanchangelog.md 3.70.50; below it onLoad came before
  //   attached, "基础库小于 3.70": not simulated). Seen independently by mpx: "百度小程序原生的Component构造器
  //   onShow和onLoad的顺序就有问题, onShow早于onLoad触发了, 但是onReady的时机确实是最后触发的" (github.com/didi/mpx
  //   issue 873, 2021) — Baidu's own Component() pages run onShow before onLoad, onReady last.
  // - onInit(query) before attached from 3.260.6: the Component definition table lists `onInit`, "仅在使用
  //   Component 构造器构造页面时有效，在页面初始化时执行，与 Page.onInit 使用方法一致", minimum version 3.260.6
  //   (smartprogram.baidu.com custom-component_comp, as mirrored by iquanku.com smartprogram-20210306). The docs
  //   show it top-level; uni declares it in `lifetimes`, where Baidu's lifecycles take priority
  //   (swan-docs custom-component_lifetimes.md): both are read, lifetimes first. Before attached: uni's onInit
  //   creates the Vue instance that its attached then finds (assumed from that code).
  // - `this.methods`: uni's isPage is `!!mpInstance.methods.onLoad`; assumed to be the definition's methods
  //   (behaviors' merged in). `dispatch(name, value)`: a message travels up the component tree to the first
  //   ancestor whose `messages` handles it (swan-docs custom-component_cont.md); a page is the root of its
  //   tree, so a page's own dispatch reaches no handler.
  // Not simulated: setData having no effect inside onInit (uni works around it: "onInit 生命周期调用 setData
  // 无效"), canIUse('lifecycle-2-0').
  baidu: {
    base: 'wechat',
    globals: ['swan'],
    baseLibrary: '3.400.0',
    missing: [...WECHAT_ONLY, ...NO_REJECTION_API, 'getAccountInfoSync', 'getPerformance'],
    extra: (ctx) => ({
      getEnvInfoSync: () => ({ appKey: ctx.appId, appName: 'sim', sdkVersion: ctx.baseLibrary, env: ENV[ctx.envVersion] }),
    }),
    systemInfo: { host: 'baiduboxapp' },
    errorFormat: 'plain',
    noRejectionEvent: true,
    showBeforeLaunchBelow: '3.105.17',
    pageOnInit: '3.260.0',
    componentPage: { pageInstance: true, showBeforeLoad: true, onInit: '3.260.6', methodsAndDispatch: true },
    performance: 'none',
    maxConcurrentRequests: Infinity,
  },
  // QQ: WeChat's shapes (uni-mp-qq adapts no request/storage/event API). wx alongside qq: assumed absent.
  // Performance API: not found. Error text: assumed WeChat's.
  qq: {
    base: 'wechat',
    globals: ['qq'],
    baseLibrary: '1.70.0',
    missing: [...WECHAT_ONLY, 'getPerformance'],
    performance: 'none',
    maxConcurrentRequests: 10,
  },
  // DingTalk: Alipay's shapes on `dd`, and `my` too (the same object here: assumed). No `request`, only
  // `httpRequest` (uni-mp-alipay: `my.canIUse('request') ? 'request' : 'httpRequest'`, "支付宝 request 钉钉
  // httpRequest"); uni-app detects DingTalk by my.canIUse('saveFileToDingTalk'). Events: assumed Alipay's.
  dingtalk: {
    base: 'alipay',
    globals: ['dd', 'my'],
    baseLibrary: '2.9.0',
    missing: ['request'],
    extra: () => ({ saveFileToDingTalk: () => {} }),
    systemInfo: { app: 'DINGTALK' },
    performance: 'none',
    maxConcurrentRequests: Infinity,
  },
  // Kuaishou, JD, Xiaohongshu: WeChat's shapes (uni-mp-kuaishou, uni-mp-jd, uni-mp-xhs adapt no request,
  // storage or event API). Xiaohongshu documents onError, onUnhandledRejection, onPageNotFound
  // (PLATFORMS-RESEARCH.md); the others' events: assumed WeChat's. Error text: assumed one string.
  kuaishou: {
    base: 'wechat',
    globals: ['ks'],
    baseLibrary: '1.80.0',
    missing: [...WECHAT_ONLY, 'getPerformance'],
    errorFormat: 'plain',
    performance: 'none',
    maxConcurrentRequests: Infinity,
  },
  // JD: `triggerEvent` of an instance is read-only (uni-mp-jd uni.mp.esm.js: "京东小程序triggerEvent为只读属性" —
  // JD's triggerEvent is a read-only property; uni assigns it in a try and keeps its own as `_triggerEvent`).
  jd: {
    base: 'wechat',
    globals: ['jd'],
    readOnlyMethods: ['triggerEvent'],
    baseLibrary: '2.0.0',
    missing: [...WECHAT_ONLY, 'getPerformance'],
    errorFormat: 'plain',
    performance: 'none',
    maxConcurrentRequests: Infinity,
  },
  xiaohongshu: {
    base: 'wechat',
    globals: ['xhs'],
    baseLibrary: '3.0.0',
    missing: [...WECHAT_ONLY, 'getPerformance'],
    errorFormat: 'plain',
    performance: 'none',
    maxConcurrentRequests: Infinity,
  },
}

/** `tt` page instances (ByteDance, Feishu): node id 0, one webview per page. */
function ttPageFields(pageId: number): Record<string, unknown> {
  return { __nodeId__: 0, __webviewId__: pageId }
}

const ENV = { develop: 'development', trial: 'trial', release: 'production' } as const

/** tt.getEnvInfoSync(): microapp.mpVersion is the published version (empty before release, as on WeChat). */
function ttEnvInfo(ctx: ApiContext): Record<string, unknown> {
  return {
    microapp: { mpVersion: ctx.envVersion === 'release' ? ctx.appVersion : '', envType: ENV[ctx.envVersion], appId: ctx.appId },
    common: { USER_DATA_PATH: 'ttfile://user' },
  }
}

/** Turns the base API object into the platform's: removes what it lacks, adds what it has on top. */
export function applyShape(api: Record<string, any>, shape: PlatformShape, ctx: ApiContext): Record<string, any> {
  for (const name of shape.missing ?? []) delete api[name]
  if (shape.extra) Object.assign(api, shape.extra(ctx))
  return api
}
