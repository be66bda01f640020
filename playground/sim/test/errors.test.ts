import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSim, type Sim } from '../src/index'
import { until } from './helpers/server'

const sims: Sim[] = []
function sim(platform: 'wechat' | 'alipay') {
  const s = createSim({ platform })
  sims.push(s)
  return s
}
afterEach(() => {
  for (const s of sims.splice(0)) s.kill()
})

describe('onError', () => {
  it('WeChat: listeners and App.onError get one string "MiniProgramError\\n<message>\\n<stack>"', () => {
    const s = sim('wechat')
    const got: unknown[][] = []
    s.api.onError((...args: unknown[]) => got.push(args))
    const appGot: unknown[][] = []
    s.globals.App({ onError: (...args: unknown[]) => appGot.push(args) })
    const err = new TypeError('boom')
    s.throwInApp(err)
    expect(got).toHaveLength(1)
    expect(got[0]).toHaveLength(1)
    expect(got[0][0]).toBe(`MiniProgramError\nboom\n${err.stack}`)
    expect(appGot).toEqual(got)
    expect((got[0][0] as string).split('\n')[2]).toBe('TypeError: boom')
  })

  it('Alipay: listeners and App.onError get two strings (message, stack)', () => {
    const s = sim('alipay')
    const got: unknown[][] = []
    s.api.onError((...args: unknown[]) => got.push(args))
    const err = new Error('kaputt')
    s.throwInApp(err)
    expect(got).toEqual([['kaputt', err.stack]])
  })

  it('offError removes one listener; off without argument removes all', () => {
    const s = sim('wechat')
    let a = 0
    let b = 0
    const la = () => a++
    s.api.onError(la)
    s.api.onError(() => b++)
    s.api.offError(la)
    s.throwInApp(new Error('x'))
    s.api.offError()
    s.throwInApp(new Error('y'))
    expect([a, b]).toEqual([0, 1])
  })

  it('a throwing onError listener does not loop or escape', () => {
    const s = sim('wechat')
    let calls = 0
    s.api.onError(() => {
      calls++
      throw new Error('listener broke')
    })
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => s.throwInApp(new Error('first'))).not.toThrow()
    expect(calls).toBe(1)
    expect(logged).toHaveBeenCalledOnce()
    logged.mockRestore()
  })

  it('catches a throw from a page event handler, reports it and keeps the app running', async () => {
    const s = sim('wechat')
    const errors: string[] = []
    s.api.onError((m: string) => errors.push(m))
    await s.launch({
      app: {
        pages: {
          'pages/index/index': {
            data: { n: 0 },
            broken() {
              throw new Error('handler failed')
            },
            inc(this: any) {
              this.setData({ n: this.data.n + 1 })
            },
          },
        },
      },
    })
    await s.tap('broken')
    await s.tap('inc')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^MiniProgramError\nhandler failed\nError: handler failed/)
    expect(s.currentPage()!.data.n).toBe(1)
  })

  it('reports a throw inside an API callback', async () => {
    const s = sim('wechat')
    const errors: string[] = []
    s.api.onError((m: string) => errors.push(m))
    s.api.getStorage({
      key: 'none',
      fail: () => {
        throw new Error('in fail callback')
      },
    })
    await until(() => errors.length > 0)
    expect(errors[0]).toMatch(/in fail callback/)
  })
})

describe('onUnhandledRejection', () => {
  it('rejectInApp reaches App.onUnhandledRejection and listeners with { reason, promise }', async () => {
    for (const platform of ['wechat', 'alipay'] as const) {
      const s = sim(platform)
      const got: any[] = []
      s.api.onUnhandledRejection((r: any) => got.push(r))
      s.globals.App({ onUnhandledRejection: (r: any) => got.push(r) })
      const reason = new Error('nope')
      s.rejectInApp(reason)
      expect(got).toHaveLength(2)
      expect(got[0].reason).toBe(reason)
      expect(got[0].promise).toBeInstanceOf(Promise)
    }
  })

  it('while installed, a real unhandled rejection goes to the app, and uninstall restores the process listeners', async () => {
    const s = sim('wechat')
    const before = process.listeners('unhandledRejection')
    const un = s.install()
    const got: any[] = []
    s.api.onUnhandledRejection((r: any) => got.push(r))
    const reason = new Error('async failure')
    void Promise.reject(reason)
    await until(() => got.length > 0)
    expect(got).toHaveLength(1)
    expect(got[0].reason).toBe(reason)
    un()
    expect(process.listeners('unhandledRejection')).toEqual(before)
  })
})

describe('rejections from app code in a launched app', () => {
  it('an async onLoad that rejects reaches onUnhandledRejection (launch installs the capture)', async () => {
    const s = sim('wechat')
    const got: any[] = []
    s.api.onUnhandledRejection((r: any) => got.push(r.reason))
    const reason = new Error('async onLoad failed')
    await s.launch({
      app: {
        pages: {
          'pages/a/a': {
            async onLoad() {
              throw reason
            },
          },
        },
      },
    })
    await until(() => got.length > 0)
    expect(got).toEqual([reason])
  })
})

describe('install', () => {
  it('defines the globals and the sim timers, and restores previous values', () => {
    const target: Record<string, unknown> = { wx: 'old', setTimeout: 'keep me' }
    const s = sim('wechat')
    const un = s.install(target)
    expect(target.wx).toBe(s.api)
    expect(typeof target.App).toBe('function')
    expect(typeof target.getCurrentPages).toBe('function')
    expect(target.setTimeout).toBe(s.globals.setTimeout)
    un()
    expect(target).toEqual({ wx: 'old', setTimeout: 'keep me' })
  })

  it('installs `my` for Alipay', () => {
    const target: Record<string, unknown> = {}
    const s = sim('alipay')
    const un = s.install(target)
    expect(target.my).toBe(s.api)
    expect('wx' in target).toBe(false)
    un()
    expect('my' in target).toBe(false)
  })
})

describe('without a launched app', () => {
  it('hide/show fire the global listeners', async () => {
    const s = sim('wechat')
    const seen: string[] = []
    s.api.onAppHide(() => seen.push('hide'))
    s.api.onAppShow((o: any) => seen.push(`show ${o.scene}`))
    await s.hide()
    await s.show({ scene: 1089 })
    expect(seen).toEqual(['hide', 'show 1089'])
  })
})

describe('launch and enter options', () => {
  it('show(options) changes onShow and getEnterOptionsSync, not getLaunchOptionsSync', async () => {
    const s = sim('wechat')
    await s.launch({ app: { pages: { 'pages/a/a': {} } }, scene: 1001 })
    await s.hide()
    await s.show({ scene: 1038, query: { from: 'share' } })
    expect(s.api.getLaunchOptionsSync()).toMatchObject({ scene: 1001, query: {} })
    expect(s.api.getEnterOptionsSync()).toMatchObject({ scene: 1038, query: { from: 'share' }, path: 'pages/a/a' })
  })
})

describe('pageNotFound helper', () => {
  it('fires App.onPageNotFound and the listeners with the parsed url', () => {
    const s = sim('wechat')
    const got: any[] = []
    s.globals.App({ onPageNotFound: (r: any) => got.push(['app', r]) })
    s.api.onPageNotFound((r: any) => got.push(['listener', r]))
    s.pageNotFound('/pages/missing/missing?id=3', false)
    const res = { path: 'pages/missing/missing', query: { id: '3' }, isEntryPage: false }
    expect(got).toEqual([
      ['app', res],
      ['listener', res],
    ])
  })
})
