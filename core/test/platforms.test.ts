// The hosts beyond WeChat and Alipay, each in the simulated platform (playground/sim platforms.ts) against the
// local collector, and runtime detection where the platforms' globals alias.
import { startCollector, type Collector } from '@minimon/collector'
import { createSim, type Platform as SimPlatform } from '@minimon/sim'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as alipayEntry from '../src/alipay'
import * as bytedanceEntry from '../src/bytedance'
import * as dingtalkEntry from '../src/dingtalk'
import * as index from '../src/index'
import * as larkEntry from '../src/lark'
import * as miniprogramEntry from '../src/miniprogram'
import * as qqEntry from '../src/qq'
import * as wechatEntry from '../src/wechat'
import { startAppServer } from './app-server'
import { eventually, start, type Harness } from './harness'

let app: Awaited<ReturnType<typeof startAppServer>>
let collector: Collector
beforeAll(async () => {
  app = await startAppServer()
  collector = await startCollector({ port: 0 })
})
afterAll(async () => {
  await app.close()
  await collector.close()
})

/** platform, its request function, the option carrying headers */
const HOSTS: [SimPlatform, string, string][] = [
  ['bytedance', 'request', 'header'],
  ['lark', 'request', 'header'],
  ['baidu', 'request', 'header'],
  ['qq', 'request', 'header'],
  ['dingtalk', 'httpRequest', 'headers'],
  ['kuaishou', 'request', 'header'],
  ['jd', 'request', 'header'],
  ['xiaohongshu', 'request', 'header'],
]

function send(h: Harness, fn: string, options: Record<string, unknown>): Promise<unknown[]> {
  return new Promise((resolve) => {
    const seen: unknown[] = []
    h.sim.api[fn]({ ...options, success: (r: unknown) => seen.push(r), fail: (r: unknown) => seen.push(r), complete: () => resolve(seen) })
  })
}

describe.each(HOSTS)('%s host in its simulated platform', (platform, fn, headerField) => {
  let h: Harness
  afterEach(() => h.close())

  it('is detected; errors, requests and traces reach the collector; segments use the generic component id 10001', async () => {
    h = await start(platform, { enable: { tracing: true }, tracing: { propagateTo: ['127.0.0.1'] } })
    expect(h.monitor.enabled).toBe(true)
    expect(h.monitor.platform).toBe(platform)
    await h.sim.launch({ app: { pages: { 'pages/index/index': {} } } })
    h.sim.throwInApp(new TypeError('boom on ' + platform))
    const results = await send(h, fn, { url: app.url + '/echo?p=' + platform, method: 'POST', data: 'x', [headerField]: { 'x-user': 'u1' } })
    // the app's callback saw the platform's own answer, once
    expect(results).toHaveLength(1)
    const got = app.received.find((r) => r.url === '/echo?p=' + platform)!
    expect(got.headers['x-user']).toBe('u1')
    expect(got.headers.sw8).toMatch(/^1-/)
    await h.monitor.flush()
    const error = h.collector.logs.find((l) => String(l.body).includes('boom on'))!
    expect(error.body).toBe('TypeError: boom on ' + platform)
    expect(error.attributes).toMatchObject({ 'exception.type': 'js', 'miniprogram.page.path': 'pages/index/index' })
    expect(String(error.attributes['exception.stacktrace'])).toMatch(/at /)
    expect(error.resource['miniprogram.platform']).toBe(platform)
    const requests = h.collector.metrics.filter((m) => m.name === 'miniprogram.request.duration')
    expect(requests).toHaveLength(1)
    expect(requests[0].resource['miniprogram.platform']).toBe(platform)
    expect(requests[0].attributes).toMatchObject({ 'http.request.method': 'POST', 'http.response.status_code': 200 })
    await eventually(() => expect(h.collector.segments).toHaveLength(1))
    const span = (h.collector.segments[0] as any).spans[0]
    expect(span.componentId).toBe(10001)
    expect(Object.fromEntries(span.tags.map((t: any) => [t.key, t.value]))).toMatchObject({ 'miniprogram.platform': platform, 'http.status_code': '200' })
  })

  it('keeps what it could not send in the platform storage on hide and sends it after a relaunch', async () => {
    h = await start(platform)
    h.collector.faults.push({ status: 503, times: 100 })
    h.monitor.captureError(new Error('kept on ' + platform))
    await h.sim.hide()
    expect(JSON.stringify(h.sim.storage.read('minimon:shop'))).toContain('kept on ' + platform)
    h.collector.faults.length = 0
    h.relaunch()
    await eventually(() => expect(h.collector.logs.filter((l) => l.body === 'Error: kept on ' + platform)).toHaveLength(1))
  })
})

describe('platform events', () => {
  let h: Harness
  afterEach(() => h.close())

  it('ByteDance: unhandled rejections are reported; no page-not-found listener API, so none is reported', async () => {
    h = await start('bytedance')
    await h.sim.launch({ app: { pages: { 'pages/index/index': {} } } })
    h.sim.rejectInApp(new Error('lost promise'))
    h.sim.pageNotFound('pages/gone/gone')
    await h.monitor.flush()
    const types = h.collector.logs.map((l) => l.attributes['exception.type'])
    expect(types).toEqual(['promise'])
  })

  it('Xiaohongshu and QQ report a missing page as pageNotFound', async () => {
    for (const platform of ['xiaohongshu', 'qq'] as const) {
      h = await start(platform, {}, collector)
      await h.sim.launch({ app: { pages: { 'pages/index/index': {} } } })
      h.sim.pageNotFound('pages/gone/gone')
      await h.monitor.flush()
      const log = collector.logs.find((l) => l.resource['miniprogram.platform'] === platform && l.attributes['exception.type'] === 'pageNotFound')
      expect(log, platform).toBeDefined()
      await h.close()
    }
    h = await start('wechat', {}, collector)
  })
})

describe('ByteDance performance: tt.performance entries and the lifecycle, one source per gauge', () => {
  let h: Harness
  afterEach(() => h.close())

  /** An app whose pages report their lifecycle as the adapters do. */
  function lifecycleApp(routes: string[]) {
    const m = () => h.monitor
    const page = (route: string) => ({
      onLoad: () => m().lifecycle('pageLoad', route),
      onShow: () => m().lifecycle('pageShow', route),
      onReady: () => m().lifecycle('pageReady', route),
    })
    return { app: { onLaunch: () => m().lifecycle('appLaunch') }, pages: Object.fromEntries(routes.map((r) => [r, page(r)])) }
  }

  it('package load, script and LCP come from tt.performance; launch and first render from the lifecycle', async () => {
    h = await start('bytedance')
    await h.sim.launch({ app: lifecycleApp(['pages/index/index', 'pages/list/list']) })
    h.monitor.lifecycle('routeStart')
    await h.sim.navigateTo('/pages/list/list')
    await h.sim.idle(30)
    await h.monitor.flush()
    const byName = (n: string) => h.collector.metrics.filter((m) => m.name === 'miniprogram.' + n + '.duration')
    for (const n of ['package_load', 'script', 'largest_contentful_paint', 'app_launch', 'first_render', 'route']) expect(byName(n).length, n).toBeGreaterThan(0)
    // one source each: tt.performance has no launch, render or route durations, so the lifecycle measures them once
    expect(byName('app_launch')).toHaveLength(1)
    expect(byName('first_render')).toHaveLength(2)
    expect(byName('route')).toHaveLength(1)
    expect(byName('largest_contentful_paint').map((m) => m.attributes['miniprogram.page.path']).sort()).toEqual(['pages/index/index', 'pages/list/list'])
    for (const m of h.collector.metrics.filter((x) => x.type === 'gauge')) {
      expect(m.resource['miniprogram.platform']).toBe('bytedance')
      expect(m.value).toBeGreaterThanOrEqual(0)
    }
  })

  it('Feishu (no performance API) measures launch and first render from the lifecycle only', async () => {
    h = await start('lark')
    await h.sim.launch({ app: lifecycleApp(['pages/index/index']) })
    await h.sim.idle(30)
    await h.monitor.flush()
    const names = new Set(h.collector.metrics.filter((m) => m.type === 'gauge').map((m) => m.name))
    expect(names.has('miniprogram.app_launch.duration')).toBe(true)
    expect(names.has('miniprogram.first_render.duration')).toBe(true)
    expect(names.has('miniprogram.package_load.duration')).toBe(false)
  })
})

type Entry = { init: typeof index.init; shutdown: typeof index.shutdown }

describe('detection where globals alias', () => {
  const undo: (() => void)[] = []
  afterEach(async () => {
    for (const e of [index, alipayEntry, wechatEntry, miniprogramEntry, bytedanceEntry, larkEntry, dingtalkEntry, qqEntry]) await e.shutdown()
    for (const u of undo.splice(0)) u()
  })

  /** Installs a simulated platform on globalThis; `extra` globals alias its API object (e.g. QQ keeping `wx`). */
  function platform(name: SimPlatform, systemInfo: Record<string, unknown> = {}, extra: string[] = []) {
    const sim = createSim({ platform: name, systemInfo })
    undo.push(sim.install())
    for (const g of extra) {
      Object.defineProperty(globalThis, g, { value: sim.api, configurable: true, writable: true })
      undo.push(() => delete (globalThis as any)[g])
    }
    undo.push(() => sim.kill())
    return sim
  }

  const detect = async (entry: Entry, options: Record<string, unknown> = {}) => {
    const m = entry.init({ service: 'shop', collector: collector.url, flushInterval: 60_000, ...options })
    const p = m.platform
    await entry.shutdown()
    return p
  }

  it('DingTalk (`dd` and `my`): dingtalk from the index, the Alipay entry and the WeChat+Alipay entry; `platform` wins', async () => {
    platform('dingtalk')
    expect(await detect(index)).toBe('dingtalk')
    expect(await detect(alipayEntry)).toBe('dingtalk')
    expect(await detect(miniprogramEntry)).toBe('dingtalk')
    expect(await detect(dingtalkEntry)).toBe('dingtalk')
    expect(await detect(alipayEntry, { platform: 'alipay' })).toBe('alipay')
    expect(await detect(index, { platform: 'alipay' })).toBe('alipay')
  })

  it('Alipay stays alipay', async () => {
    platform('alipay')
    expect(await detect(index)).toBe('alipay')
    expect(await detect(alipayEntry)).toBe('alipay')
    expect(await detect(dingtalkEntry)).toBeUndefined()
  })

  it('Feishu vs Douyin on `tt`, by the host app name; `platform` wins', async () => {
    platform('lark')
    expect(await detect(index)).toBe('lark')
    expect(await detect(bytedanceEntry)).toBe('lark')
    expect(await detect(larkEntry)).toBe('lark')
    expect(await detect(index, { platform: 'bytedance' })).toBe('bytedance')
    expect(await detect(bytedanceEntry, { platform: 'bytedance' })).toBe('bytedance')
  })

  it.each(['Douyin', 'Toutiao', 'douyin_lite'])('ByteDance app %s is bytedance', async (appName) => {
    platform('bytedance', { appName })
    expect(await detect(index)).toBe('bytedance')
    expect(await detect(bytedanceEntry)).toBe('bytedance')
  })

  it('Lark (international Feishu) is lark', async () => {
    platform('bytedance', { appName: 'Lark' })
    expect(await detect(index)).toBe('lark')
  })

  it('QQ that also keeps `wx`: qq from the index, the WeChat entry and the WeChat+Alipay entry; `platform` wins', async () => {
    platform('qq', {}, ['wx'])
    expect(await detect(index)).toBe('qq')
    expect(await detect(qqEntry)).toBe('qq')
    expect(await detect(wechatEntry)).toBe('qq')
    expect(await detect(miniprogramEntry)).toBe('qq')
    expect(await detect(wechatEntry, { platform: 'wechat' })).toBe('wechat')
  })

  it('the Alipay entry in DingTalk sends segments with the generic component id, never Alipay’s', async () => {
    platform('dingtalk')
    const m = alipayEntry.init({ service: 'ding', collector: collector.url, flushInterval: 60_000, enable: { tracing: true } })
    expect(m.platform).toBe('dingtalk')
    await new Promise<void>((resolve) => (globalThis as any).my.httpRequest({ url: app.url + '/echo?ding', complete: () => resolve() }))
    await m.flush()
    await eventually(() => expect(collector.segments.filter((s: any) => s.service === 'ding')).toHaveLength(1))
    const seg = collector.segments.find((s: any) => s.service === 'ding') as any
    expect(seg.spans[0].componentId).toBe(10001)
  })

  it('uni-app on mp-weixin replaces `wx` with a filtered copy: detection and the request wrapper work on that copy', async () => {
    const sim = platform('wechat')
    // what @dcloudio/uni-mp-weixin's initWx() does: own functions and a few objects copied onto a new `wx`
    const objectKeys = ['qy', 'env', 'error', 'version', 'lanDebug', 'cloud', 'serviceMarket', 'router', 'worklet']
    const copy: Record<string, unknown> = {}
    for (const key in sim.api) if (objectKeys.includes(key) || typeof sim.api[key] === 'function') copy[key] = sim.api[key]
    const saved = (globalThis as any).wx
    ;(globalThis as any).wx = copy
    undo.unshift(() => ((globalThis as any).wx = saved))
    const m = index.init({ service: 'uni', collector: collector.url, flushInterval: 60_000 })
    expect(m.platform).toBe('wechat')
    // uni.request calls the copy's request at call time
    expect(copy.request).not.toBe(sim.api.request)
    const answers: unknown[] = []
    await new Promise<void>((resolve) =>
      (copy.request as any)({ url: app.url + '/echo?uni', success: (r: unknown) => answers.push(r), complete: () => resolve() }),
    )
    expect(answers).toMatchObject([{ statusCode: 200 }])
    await m.flush()
    const points = collector.metrics.filter((p) => p.name === 'miniprogram.request.duration' && p.resource['service.name'] === 'uni')
    expect(points).toHaveLength(1)
    expect(points[0].resource['miniprogram.platform']).toBe('wechat')
  })
})
