import { setTimeout as delay } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { createSim, type PerfEntry, type Sim } from '../src/index'

const sims: Sim[] = []
afterEach(() => {
  for (const s of sims.splice(0)) s.kill()
})
function sim(opts: { baseLibrary?: string; performance?: boolean; platform?: 'wechat' | 'alipay' } = {}) {
  const s = createSim({ platform: 'wechat', ...opts })
  sims.push(s)
  return s
}

/** Blocks the thread for `ms`, as slow app code would. */
function busy(ms: number): void {
  const end = Date.now() + ms
  while (Date.now() < end) {
    // spin
  }
}

const app = {
  app: { onLaunch: () => busy(30) },
  pages: {
    'pages/home/home': { onLoad: () => busy(20) },
    'pages/slow/slow': { onLoad: () => busy(40) },
    'pages/tab/tab': {},
    'pages/other/other': {},
  },
  tabBar: ['pages/home/home', 'pages/tab/tab'],
}

describe('wx.getPerformance', () => {
  it('records launch entries whose durations come from what happened', async () => {
    const s = sim()
    const before = Date.now()
    await s.launch({ app })
    const perf = s.api.getPerformance()
    const names = perf.getEntries().map((e: PerfEntry) => `${e.entryType}/${e.name}`)
    expect(names).toEqual([
      'loadPackage/downloadPackage',
      'script/evaluateScript',
      'render/firstRender',
      'render/firstPaint',
      'render/firstContentfulPaint',
      'render/largestContentfulPaint',
      'navigation/appLaunch',
    ])
    const [launch] = perf.getEntriesByName('appLaunch')
    expect(launch).toMatchObject({ entryType: 'navigation', navigationType: 'appLaunch', path: 'pages/home/home' })
    expect(launch.startTime).toBeGreaterThanOrEqual(before)
    // onLaunch (30 ms) + onLoad (20 ms) happen inside the launch.
    expect(launch.duration).toBeGreaterThanOrEqual(50)
    const [render] = perf.getEntriesByName('firstRender', 'render')
    expect(render.path).toBe('pages/home/home')
    expect(render.duration).toBeGreaterThanOrEqual(20)
    expect(render.duration).toBeLessThan(launch.duration)
    expect(render.startTime + render.duration).toBeLessThanOrEqual(launch.startTime + launch.duration)
    for (const k of ['viewLayerReadyTime', 'initDataSendTime', 'initDataRecvTime', 'viewLayerRenderStartTime', 'viewLayerRenderEndTime']) {
      expect(render[k]).toBeGreaterThanOrEqual(render.startTime)
    }
    const [fcp] = perf.getEntriesByName('firstContentfulPaint')
    expect(fcp.duration).toBeUndefined()
    expect(fcp.startTime).toBeGreaterThanOrEqual(render.startTime)
  })

  it('delivers route entries to an observer for each navigation type', async () => {
    const s = sim()
    await s.launch({ app })
    const seen: PerfEntry[] = []
    const observer = s.api.getPerformance().createObserver((list: any) => seen.push(...list.getEntries()))
    observer.observe({ entryTypes: ['navigation'] })
    await s.navigateTo('/pages/slow/slow')
    await s.navigateBack()
    await s.switchTab('/pages/tab/tab')
    await s.reLaunch('/pages/slow/slow')
    await s.redirectTo('/pages/other/other')
    await delay(10)
    expect(seen.map((e) => `${e.navigationType} ${e.path}`)).toEqual([
      'navigateTo pages/slow/slow',
      'navigateBack pages/home/home',
      'switchTab pages/tab/tab',
      'reLaunch pages/slow/slow',
      'redirectTo pages/other/other',
    ])
    expect(seen.every((e) => e.entryType === 'navigation' && e.name === 'route')).toBe(true)
    // navigateTo a page whose onLoad takes 40 ms.
    expect(seen[0].duration).toBeGreaterThanOrEqual(40)
    expect(seen[0].navigationStart).toBe(seen[0].startTime)
    expect(seen[0].referrerPath).toBe('pages/home/home')
    observer.disconnect()
    await s.navigateTo('/pages/slow/slow')
    await delay(10)
    expect(seen).toHaveLength(5)
  })

  it('lets an observer created after launch read the earlier entries with getEntries', async () => {
    const s = sim()
    await s.launch({ app })
    const perf = s.api.getPerformance()
    perf.createObserver(() => {}).observe({ entryTypes: ['render'] })
    expect(perf.getEntriesByType('navigation').map((e: PerfEntry) => e.name)).toEqual(['appLaunch'])
  })

  it('follows the base library: no FP/FCP before 2.21.2, no LCP before 2.23.1, no downloadPackage before 2.24.0', async () => {
    const old = sim({ baseLibrary: '2.20.0' })
    await old.launch({ app })
    const names = old.api.getPerformance().getEntries().map((e: PerfEntry) => e.name)
    expect(names).toEqual(['evaluateScript', 'firstRender', 'appLaunch'])
    const mid = sim({ baseLibrary: '2.22.0' })
    await mid.launch({ app })
    expect(mid.api.getPerformance().getEntriesByType('render').map((e: PerfEntry) => e.name)).toEqual([
      'firstRender',
      'firstPaint',
      'firstContentfulPaint',
    ])
    expect(sim({ baseLibrary: '2.10.0' }).api.getPerformance).toBeUndefined()
  })

  it('is absent with performance: false and on Alipay', () => {
    expect(sim({ performance: false }).api.getPerformance).toBeUndefined()
    expect(sim({ platform: 'alipay' }).api.getPerformance).toBeUndefined()
  })

  it('keeps only bufferSize entries (30 by default), still notifying observers', async () => {
    const s = sim()
    const perf = s.api.getPerformance()
    perf.setBufferSize(3)
    const seen: PerfEntry[] = []
    perf.createObserver((l: any) => seen.push(...l.getEntries())).observe({ entryTypes: ['render', 'navigation', 'script', 'loadPackage'] })
    await s.launch({ app })
    await delay(10)
    expect(perf.getEntries()).toHaveLength(3)
    expect(seen).toHaveLength(7)
  })
})

describe('system and account info', () => {
  it('WeChat: version only in release, split info APIs from 2.20.1', () => {
    expect(sim().api.getAccountInfoSync()).toEqual({ miniProgram: { appId: expect.any(String), envVersion: 'develop', version: '' } })
    const rel = createSim({ platform: 'wechat', envVersion: 'release', appVersion: '2.3.4', appId: 'wx123' })
    expect(rel.api.getAccountInfoSync().miniProgram).toEqual({ appId: 'wx123', envVersion: 'release', version: '2.3.4' })
    const wx = sim({ baseLibrary: '3.0.0' }).api
    expect(wx.getAppBaseInfo().SDKVersion).toBe('3.0.0')
    expect(wx.getDeviceInfo().platform).toBe('ios')
    expect(wx.getWindowInfo().windowWidth).toBeGreaterThan(0)
    expect(wx.getSystemInfoSync()).toMatchObject({ SDKVersion: '3.0.0', platform: 'ios', language: 'zh_CN' })
    expect(sim({ baseLibrary: '2.19.0' }).api.getDeviceInfo).toBeUndefined()
    const android = createSim({ platform: 'wechat', systemInfo: { platform: 'android' } })
    expect(android.api.getDeviceInfo().platform).toBe('android')
    expect(android.api.getSystemInfoSync().platform).toBe('android')
  })

  it('Alipay: getSystemInfoSync with Alipay casing, getAccountInfoSync', () => {
    const my = sim({ platform: 'alipay' }).api
    expect(my.getSystemInfoSync()).toMatchObject({ platform: 'iOS', app: 'alipay' })
    expect(my.getAccountInfoSync().miniProgram.envVersion).toBe('develop')
    expect(my.canIUse('getAccountInfoSync')).toBe(true)
    expect(my.canIUse('getPerformance')).toBe(false)
  })
})
