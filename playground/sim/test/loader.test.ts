import { setTimeout as delay } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../src/index'
import { startServer } from './helpers/server'

const wechatApp = fileURLToPath(new URL('./fixtures/wechat-app', import.meta.url))
const alipayApp = fileURLToPath(new URL('./fixtures/alipay-app', import.meta.url))

const sims: Sim[] = []
afterEach(() => {
  for (const s of sims.splice(0)) s.kill()
})
function sim(platform: 'wechat' | 'alipay' = 'wechat', storage?: Sim['storage']) {
  const s = createSim({ platform, storage })
  sims.push(s)
  return s
}

describe('loading a WeChat app directory', () => {
  it('runs app.js with require (relative and miniprogram_npm) and opens the first page', async () => {
    const s = sim()
    await s.launch({ app: wechatApp, query: { name: 'sim' } })
    const app = s.globals.getApp()
    expect(app.globalData).toEqual({ util: 'util', lib: '1.2.3' })
    expect(app.launchPath).toBe('pages/index/index')
    const page = s.currentPage()!
    expect(page.route).toBe('pages/index/index')
    expect(page.data.greeting).toBe('hi sim')
    expect(s.api.getStorageSync('launchCount')).toBe(1)
  })

  it('reports a page file that throws while evaluating to onError; that page then cannot be opened', async () => {
    const s = sim()
    await s.launch({ app: wechatApp })
    expect(s.globals.getApp().errors).toHaveLength(1)
    expect(s.globals.getApp().errors[0]).toMatch(/^MiniProgramError\nevaluation failed\n/)
    await expect(s.navigateTo('/pages/broken/broken')).rejects.toEqual({ errMsg: 'navigateTo:fail page "pages/broken/broken" is not found' })
  })

  it('loads a subpackage on first navigation into it', async () => {
    const s = sim()
    await s.launch({ app: wechatApp })
    const perf = s.api.getPerformance()
    expect(perf.getEntriesByName('downloadPackage', 'loadPackage').map((e: any) => e.packageName)).toEqual(['__APP__'])
    await s.tap('goDetail')
    await s.idle()
    const page = s.currentPage()!
    expect(page.route).toBe('packageA/pages/detail/detail')
    expect(page.data).toEqual({ id: '3', shared: 'sub', util: 'util' })
    expect(perf.getEntriesByName('downloadPackage', 'loadPackage').map((e: any) => e.packageName)).toEqual(['__APP__', 'packageA'])
    const scripts = perf.getEntriesByType('script')
    expect(scripts.map((e: any) => e.moduleName)).toEqual(['__APP__', 'packageA'])
    expect(scripts[1].fileList).toEqual(['packageA/pages/detail/detail.js', 'packageA/shared.js'])
  })

  it('gives page code the sim timers, `global`, and catches throws in handlers', async () => {
    const s = sim()
    await s.launch({ app: wechatApp })
    await s.tap('later')
    await delay(30)
    expect(s.currentPage()!.data.later).toBe(true)
    await s.tap('crash')
    expect(s.globals.getApp().errors[1]).toMatch(/^MiniProgramError\nnotDefinedAnywhere is not defined\nReferenceError/)
    await s.switchTab('/pages/logs/logs')
    expect(s.currentPage()!.data.isGlobal).toBe(true)
  })

  it('takes tabBar pages and networkTimeout from app.json, and boots Component()-registered pages', async () => {
    const s = sim()
    await s.launch({ app: wechatApp, path: 'pages/uni/uni', query: { tab: 'x' } })
    expect(s.currentPage()!.data).toEqual({ tab: 'x', loaded: true })
    await expect(s.navigateTo('/pages/logs/logs')).rejects.toEqual({ errMsg: 'navigateTo:fail can not navigateTo a tabbar page' })
    // networkTimeout.request = 300 applies when a request names no timeout.
    const server = await startServer()
    try {
      const started = Date.now()
      const res = await new Promise<any>((resolve) => s.api.request({ url: `${server.url}/slow/1500`, fail: resolve, success: resolve }))
      expect(res.errMsg).toBe('request:fail timeout')
      expect(Date.now() - started).toBeGreaterThanOrEqual(290)
      expect(Date.now() - started).toBeLessThan(1200)
    } finally {
      await server.close()
    }
  })

  it('keeps storage across kill and relaunch of the same directory', async () => {
    const first = sim()
    await first.launch({ app: wechatApp })
    first.kill()
    const second = sim('wechat', first.storage)
    await second.launch({ app: wechatApp })
    expect(second.api.getStorageSync('launchCount')).toBe(2)
  })

  it('gives each launch a global object of its own: storage survives a relaunch, globals do not', async () => {
    const first = sim()
    await first.launch({ app: wechatApp })
    expect(first.globals.getApp().runsSeenInGlobal).toBe(1)
    first.kill()
    const second = sim('wechat', first.storage)
    await second.launch({ app: wechatApp })
    expect(second.globals.getApp().runsSeenInGlobal).toBe(1)
    expect((globalThis as { runs?: number }).runs).toBeUndefined()
  })
})

describe('loading an Alipay app directory', () => {
  it('runs with `my` and Alipay tabBar.items', async () => {
    const s = sim('alipay')
    await s.launch({ app: alipayApp })
    expect(s.currentPage()!.data.platform).toBe('iOS')
    expect(s.api.getStorageSync({ key: 'launched' }).data).toBe(true)
    await expect(s.navigateTo('/pages/index/index')).rejects.toMatchObject({ errorMessage: 'navigateTo:fail can not navigateTo a tabbar page' })
  })
})

describe('tap by selector', () => {
  it('finds the handler and dataset of an element in the page wxml', async () => {
    const s = sim()
    await s.launch({ app: wechatApp })
    await s.tap('#save')
    expect(s.currentPage()!.data).toMatchObject({ saved: 'draft', savedId: 'save' })
    await s.tap('.primary')
    await s.idle()
    expect(s.currentPage()!.route).toBe('packageA/pages/detail/detail')
  })

  it('throws to the test for an unknown element or a dynamic handler', async () => {
    const s = sim()
    await s.launch({ app: wechatApp })
    await expect(s.tap('#nope')).rejects.toThrow(/no element #nope/)
    await expect(s.tap('#dynamic')).rejects.toThrow(/static tap handler/)
    await expect(s.tap('noSuchMethod')).rejects.toThrow(/has no method "noSuchMethod"/)
  })
})

describe("an app's globals", () => {
  // WeChat's define() wrapper and Alipay's generated entry leave App, Page and the API object as globals that
  // each file reads when it calls them: one file replacing `Page` replaces it for every file after it.
  it.each(['wechat', 'alipay'] as const)('on %s, are read at call time, shared by every file, and gone with the app run', async (platform) => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const dir = mkdtempSync(join(tmpdir(), 'sim-globals-'))
    try {
      mkdirSync(join(dir, 'pages/index'), { recursive: true })
      writeFileSync(join(dir, 'app.json'), JSON.stringify({ pages: ['pages/index/index'] }))
      writeFileSync(
        join(dir, 'app.js'),
        `const original = Page\nPage = function (options) { options.wrappedBy = 'app.js'; return original(options) }\nApp({ sameGlobal: globalThis.Page === Page && global === globalThis })\n`,
      )
      writeFileSync(join(dir, 'pages/index/index.js'), `'use strict'\nPage({ data: {}, seenAsGlobal: globalThis.Page === Page })\n`)
      const s = sim(platform)
      await s.launch({ app: dir })
      expect(s.globals.getApp().sameGlobal).toBe(true)
      const page = s.currentPage()!
      expect(page.wrappedBy).toBe('app.js')
      expect(page.seenAsGlobal).toBe(true)
      // Node's own global object is untouched, and the next app run starts from the platform's Page
      expect(String((globalThis as any).Page)).not.toContain('wrappedBy')
      writeFileSync(join(dir, 'app.js'), `App({})\n`)
      const next = sim(platform)
      await next.launch({ app: dir })
      expect(next.currentPage()!.wrappedBy).toBeUndefined()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
