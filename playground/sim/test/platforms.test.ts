import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSim, PLATFORMS, type Platform, type Sim } from '../src/index'
import { call, startServer, type TestServer } from './helpers/server'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.close())

const sims: Sim[] = []
afterEach(() => {
  for (const s of sims.splice(0)) s.kill()
})
function sim(platform: Platform, opts: Record<string, unknown> = {}): Sim {
  const s = createSim({ platform, ...opts })
  sims.push(s)
  return s
}

const OTHERS: [Platform, string, 'wechat' | 'alipay'][] = [
  ['bytedance', 'tt', 'wechat'],
  ['lark', 'tt', 'wechat'],
  ['baidu', 'swan', 'wechat'],
  ['qq', 'qq', 'wechat'],
  ['dingtalk', 'dd', 'alipay'],
  ['kuaishou', 'ks', 'wechat'],
  ['jd', 'jd', 'wechat'],
  ['xiaohongshu', 'xhs', 'wechat'],
]

describe('every platform of the table', () => {
  it('rejects a platform it does not know, naming the ones it does', () => {
    expect(() => createSim({ platform: 'tiktok' as Platform })).toThrow(/one of wechat, alipay, bytedance, .*xiaohongshu; got tiktok/)
  })

  it.each(OTHERS)('%s: its API object under `%s`, with %s shapes, and no other platform global', async (platform, global, base) => {
    const s = sim(platform)
    const target: Record<string, unknown> = {}
    s.install(target)
    expect(target[global]).toBe(s.api)
    for (const other of ['wx', 'my', 'tt', 'swan', 'qq', 'dd', 'ks', 'jd', 'xhs'])
      if (!PLATFORMS[platform].globals.includes(other)) expect(target[other], other).toBeUndefined()
    expect(s.base).toBe(base)
    const send = s.api.request ?? s.api.httpRequest
    if (base === 'wechat') {
      const { ok, res } = await call(send, { url: `${server.url}/echo`, header: { 'X-A': '1' } })
      expect(ok).toBe(true)
      expect(res).toMatchObject({ statusCode: 200, header: expect.any(Object), errMsg: 'request:ok' })
      expect(res.data.headers['x-a']).toBe('1')
      s.api.setStorageSync('k', 'v')
      expect(s.api.getStorageSync('k')).toBe('v')
    } else {
      const { ok, res } = await call(send, { url: `${server.url}/echo`, headers: { 'X-A': '1' } })
      expect(ok).toBe(true)
      expect(res).toMatchObject({ status: 200, headers: expect.any(Object) })
      expect(res.data.headers['x-a']).toBe('1')
      s.api.setStorageSync({ key: 'k', data: 'v' })
      expect(s.api.getStorageSync({ key: 'k' }).data).toBe('v')
    }
  })

  it('removes the APIs a platform lacks', () => {
    expect(sim('lark').api.onUnhandledRejection).toBeUndefined()
    expect(sim('bytedance').api.onPageNotFound).toBeUndefined()
    expect(sim('baidu').api.getAccountInfoSync).toBeUndefined()
    expect(sim('dingtalk').api.request).toBeUndefined()
    for (const [p] of OTHERS) expect(sim(p).api.getPerformance, p).toBeUndefined()
    expect(sim('wechat').api.onUnhandledRejection).toBeTypeOf('function')
    expect(sim('alipay').api.request).toBeTypeOf('function')
  })
})

describe('platform differences', () => {
  it('Feishu names itself in the system info; Douyin too; both run on tt', () => {
    expect(sim('lark').api.getSystemInfoSync().appName).toBe('Feishu')
    expect(sim('bytedance').api.getSystemInfoSync().appName).toBe('Douyin')
    // a test may pose as another ByteDance host app
    expect(sim('bytedance', { systemInfo: { appName: 'Toutiao' } }).api.getSystemInfoSync().appName).toBe('Toutiao')
  })

  it('DingTalk: `dd` and `my` are one object, canIUse("saveFileToDingTalk") holds, httpRequest sends `headers` and answers `status`', async () => {
    const s = sim('dingtalk')
    expect(s.globals.dd).toBe(s.globals.my)
    expect(s.api.canIUse('saveFileToDingTalk')).toBe(true)
    expect(s.api.canIUse('request')).toBe(false)
    const { ok, res } = await call(s.api.httpRequest, { url: `${server.url}/status/503` })
    expect(ok).toBe(false)
    expect(res).toMatchObject({ error: 19, status: 503 })
  })

  it('Lark has no unhandled-rejection event at all; Douyin has', async () => {
    const seen: unknown[] = []
    for (const p of ['lark', 'bytedance'] as const) {
      const s = sim(p)
      s.api.onUnhandledRejection?.((r: { reason: unknown }) => seen.push([p, 'listener', r.reason]))
      await s.launch({ app: { app: { onUnhandledRejection: (r: { reason: unknown }) => seen.push([p, 'app', r.reason]) }, pages: { 'pages/a/a': {} } } })
      s.rejectInApp('nope')
      s.kill()
    }
    expect(seen).toEqual([
      ['bytedance', 'app', 'nope'],
      ['bytedance', 'listener', 'nope'],
    ])
  })

  it('errors reach onError as one "message\\nstack" string where the platform is WeChat-shaped but not WeChat', async () => {
    const got: unknown[][] = []
    const s = sim('kuaishou')
    s.api.onError((...args: unknown[]) => got.push(args))
    await s.launch({ app: { pages: { 'pages/a/a': {} } } })
    s.throwInApp(new TypeError('bad'))
    expect(got).toHaveLength(1)
    expect(got[0]).toHaveLength(1)
    expect(String(got[0][0])).toMatch(/^bad\nTypeError: bad\n\s+at /)
    expect(String(got[0][0])).not.toMatch(/MiniProgramError/)
  })

  it('Baidu runs App.onLaunch then App.onShow, as WeChat does, and onShow first on base libraries below 3.105.17', async () => {
    const orderOn = async (platform: Platform, baseLibrary?: string) => {
      const order: string[] = []
      const s = sim(platform, baseLibrary ? { baseLibrary } : {})
      await s.launch({ app: { app: { onLaunch: () => order.push('launch'), onShow: () => order.push('show') }, pages: { 'pages/a/a': {} } } })
      return order
    }
    expect(await orderOn('baidu')).toEqual(['launch', 'show'])
    expect(await orderOn('baidu', '3.105.17')).toEqual(['launch', 'show'])
    expect(await orderOn('baidu', '3.70.15')).toEqual(['show', 'launch'])
    expect(await orderOn('wechat', '2.0.0')).toEqual(['launch', 'show'])
  })

  it('Douyin and Feishu pages have node id 0 and a webview id of their own; WeChat pages neither', async () => {
    for (const platform of ['bytedance', 'lark'] as const) {
      const s = sim(platform)
      await s.launch({ app: { pages: { 'pages/a/a': {} }, componentPages: { 'pages/b/b': {} } } })
      const a = s.currentPage()!
      await s.navigateTo('/pages/b/b')
      const b = s.currentPage()!
      expect([a.__nodeId__, b.__nodeId__]).toEqual([0, 0])
      expect(typeof a.__webviewId__).toBe('number')
      expect(a.__webviewId__).not.toBe(b.__webviewId__)
    }
    const w = sim('wechat')
    await w.launch({ app: { pages: { 'pages/a/a': {} } } })
    expect('__nodeId__' in w.currentPage()!).toBe(false)
  })

  it("JD's triggerEvent cannot be reassigned (strict code throws); WeChat's can", async () => {
    const assign = (inst: any) => {
      'use strict'
      inst.triggerEvent = () => {}
    }
    const j = sim('jd')
    await j.launch({ app: { componentPages: { 'pages/a/a': {} } } })
    expect(() => assign(j.currentPage())).toThrow(TypeError)
    const w = sim('wechat')
    await w.launch({ app: { componentPages: { 'pages/a/a': {} } } })
    expect(() => assign(w.currentPage())).not.toThrow()
  })

  it('Baidu calls a page\'s onInit before onLoad from base library 3.260; WeChat and older Baidu do not', async () => {
    for (const [platform, baseLibrary, want] of [
      ['baidu', undefined, ['init', 'load']],
      ['baidu', '3.250.0', ['load']],
      ['wechat', undefined, ['load']],
    ] as const) {
      const order: string[] = []
      const s = sim(platform, baseLibrary ? { baseLibrary } : {})
      await s.launch({ app: { pages: { 'pages/a/a': { onInit: () => order.push('init'), onLoad: () => order.push('load') } } } })
      expect(order).toEqual(want)
    }
  })

  /** A Component() page that records its lifecycle, with a message handler of its own. */
  const recordingComponentPage = (order: string[]) => ({
    lifetimes: {
      created: () => order.push('created'),
      onInit: (q: Record<string, string>) => order.push(`init ${q.id}`),
      attached: () => order.push('attached'),
      ready: () => order.push('ready'),
    },
    messages: { ping: () => order.push('own message') },
    methods: {
      onLoad: (q: Record<string, string>) => order.push(`load ${q.id}`),
      onShow: () => order.push('show'),
      onReady: () => order.push('onReady'),
      onHide: () => order.push('hide'),
    },
  })

  it('Baidu Component() pages: onInit(query) before attached, methods.onShow before methods.onLoad', async () => {
    const order: string[] = []
    const s = sim('baidu')
    await s.launch({ app: { componentPages: { 'pages/a/a': recordingComponentPage(order), 'pages/b/b': {} } }, path: 'pages/a/a?id=7' })
    expect(order).toEqual(['created', 'init 7', 'attached', 'show', 'load 7', 'ready', 'onReady'])
    // shown again after a page above it leaves: once, with no second load
    order.length = 0
    await s.navigateTo('/pages/b/b')
    await s.navigateBack()
    expect(order).toEqual(['hide', 'show'])
  })

  it('Baidu Component() pages before base library 3.260.6 get no onInit', async () => {
    const order: string[] = []
    const s = sim('baidu', { baseLibrary: '3.260.0' })
    await s.launch({ app: { componentPages: { 'pages/a/a': recordingComponentPage(order) } }, path: 'pages/a/a?id=7' })
    expect(order).toEqual(['created', 'attached', 'show', 'load 7', 'ready', 'onReady'])
  })

  it("Baidu Component() pages: getCurrentPages() holds a page object of its own, the component's `pageinstance`; the component has `methods` and `dispatch`", async () => {
    const order: string[] = []
    const s = sim('baidu')
    await s.launch({ app: { componentPages: { 'pages/a/a': recordingComponentPage(order) } }, path: 'pages/a/a?id=7' })
    const component = s.currentPage()!
    const [page] = s.pages()
    expect(page).not.toBe(component)
    expect(component.pageinstance).toBe(page)
    expect(page).toMatchObject({ route: 'pages/a/a', options: { id: '7' } })
    expect(typeof page.setData).toBe('function')
    expect(typeof component.methods.onLoad).toBe('function')
    // a page is the root of its component tree: its own dispatch reaches no handler, its own included
    component.dispatch('ping', { x: 1 })
    expect(order).not.toContain('own message')
  })

  it('WeChat Component() pages are what getCurrentPages() holds, loaded before shown, without Baidu\'s fields', async () => {
    const order: string[] = []
    const s = sim('wechat')
    await s.launch({ app: { componentPages: { 'pages/a/a': recordingComponentPage(order) } }, path: 'pages/a/a?id=7' })
    expect(order).toEqual(['created', 'attached', 'load 7', 'show', 'ready', 'onReady'])
    const component = s.currentPage()!
    expect(s.pages()).toEqual([component])
    for (const k of ['pageinstance', 'methods', 'dispatch']) expect(k in component).toBe(false)
  })

  it('tt.getEnvInfoSync holds the published version in release builds', () => {
    expect(sim('bytedance', { envVersion: 'release', appVersion: '2.3.4' }).api.getEnvInfoSync().microapp).toMatchObject({ mpVersion: '2.3.4', envType: 'production' })
    expect(sim('bytedance').api.getEnvInfoSync().microapp.mpVersion).toBe('')
  })
})

describe('tt.performance (ByteDance)', () => {
  it('reports kebab-case entries of what happened, as arrays, to observers of each type', async () => {
    const s = sim('bytedance')
    const batches: unknown[] = []
    const observer = s.api.performance.createObserver((list: unknown) => batches.push(list))
    for (const type of ['launch', 'resource', 'evaluate', 'paint', 'navigation']) observer.observe({ type })
    await s.launch({ app: { pages: { 'pages/a/a': {}, 'pages/b/b': {} } } })
    await s.navigateTo('/pages/b/b')
    await s.idle(20)
    for (const b of batches) expect(Array.isArray(b)).toBe(true)
    const entries = (batches as Record<string, any>[][]).flat()
    const byName = (n: string) => entries.filter((e) => e.name === n)
    expect(byName('app-click')).toHaveLength(1)
    expect(byName('app-click')[0]).toMatchObject({ entryType: 'launch', duration: expect.any(Number) })
    expect(byName('miniprogram-package')[0]).toMatchObject({ entryType: 'resource', packageName: '__APP__' })
    expect(byName('app-service')[0]).toMatchObject({ entryType: 'evaluate' })
    expect(byName('largest-contentful-paint').map((e) => e.path)).toEqual(['pages/a/a', 'pages/b/b'])
    const nav = entries.filter((e) => e.entryType === 'navigation')
    expect(nav.map((e) => [e.navigationType, e.path])).toEqual([
      ['appLaunch', 'pages/a/a'],
      ['navigateTo', 'pages/b/b'],
    ])
    // every paint comes after its page's navigation started
    for (const p of byName('largest-contentful-paint')) expect(p.startTime).toBeGreaterThanOrEqual(nav.find((n) => n.path === p.path)!.startTime)
    observer.disconnect()
  })

  it('is absent before base library 2.81.0 and when performance is turned off', () => {
    expect(sim('bytedance', { baseLibrary: '2.80.0' }).api.performance).toBeUndefined()
    expect(sim('bytedance', { performance: false }).api.performance).toBeUndefined()
  })
})
