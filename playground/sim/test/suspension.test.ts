import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createSim, type Sim } from '../src/index'
import { startServer, until, type TestServer } from './helpers/server'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.close())
const sims: Sim[] = []
afterEach(() => {
  for (const s of sims.splice(0)) s.kill()
  server.release()
})
function sim(platform: 'wechat' | 'alipay', suspendAfterMs = 150) {
  const s = createSim({ platform, suspendAfterMs })
  sims.push(s)
  return s
}

describe('background suspension', () => {
  it('keeps timers and requests working until suspendAfterMs, then freezes timers', async () => {
    const s = sim('wechat', 600)
    let ticks = 0
    s.globals.setInterval(() => ticks++, 20)
    const hiddenAt = Date.now()
    await s.hide()
    expect(s.state).toBe('background')
    const ok = await new Promise<any>((resolve) => s.api.request({ url: `${server.url}/json`, complete: resolve }))
    expect(ok.errMsg).toBe('request:ok')
    await until(() => ticks > 1)
    expect(s.state).toBe('background')
    await until(() => s.state === 'suspended', 3000)
    expect(Date.now() - hiddenAt).toBeGreaterThanOrEqual(595)
    const frozenAt = ticks
    await delay(100)
    expect(ticks).toBe(frozenAt)
    await s.show()
    await until(() => ticks > frozenAt)
  })

  it('a frozen setTimeout fires after show with the time it had left', async () => {
    const s = sim('wechat')
    let fired = 0
    s.globals.setTimeout(() => fired++, 400)
    s.suspend()
    await delay(250)
    expect(fired).toBe(0)
    await s.show()
    await delay(60)
    expect(fired).toBe(0)
    await until(() => fired === 1)
  })

  it('keeps the remaining time of frozen timers even when a test mocks Date.now', async () => {
    const s = sim('wechat')
    let fired = 0
    s.globals.setTimeout(() => fired++, 400)
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => 4_000_000_000_000)
    try {
      s.suspend()
      await s.show()
      await delay(60)
      expect(fired).toBe(0)
    } finally {
      spy.mockRestore()
    }
    await until(() => fired === 1)
  })

  it('WeChat: an open request fails with request:fail interrupted when the thread is suspended', async () => {
    const s = sim('wechat')
    const res = new Promise<any>((resolve) => s.api.request({ url: `${server.url}/hold`, fail: resolve, success: resolve }))
    await until(() => server.held() === 1)
    await s.hide()
    const r = await res
    expect(r.errMsg).toBe('request:fail interrupted')
    expect(r.errno).toBe(600003)
    expect(s.state).toBe('suspended')
    await until(() => server.held() === 0)
  })

  it('WeChat: queued requests fail too, and calls while suspended fail at once', async () => {
    const s = sim('wechat')
    const outcomes: string[] = []
    for (let i = 0; i < 11; i++) s.api.request({ url: `${server.url}/hold`, complete: (r: any) => outcomes.push(r.errMsg) })
    await until(() => server.held() === 10)
    s.suspend()
    await until(() => outcomes.length === 11)
    expect(new Set(outcomes)).toEqual(new Set(['request:fail interrupted']))
    const late = await new Promise<any>((resolve) => s.api.request({ url: `${server.url}/json`, complete: resolve }))
    expect(late.errMsg).toBe('request:fail interrupted')
    await s.show()
    const again = await new Promise<any>((resolve) => s.api.request({ url: `${server.url}/json`, complete: resolve }))
    expect(again.errMsg).toBe('request:ok')
  })

  it('Alipay: an open request fails with an error object when suspended', async () => {
    const s = sim('alipay')
    const res = new Promise<any>((resolve) => s.api.request({ url: `${server.url}/hold`, fail: resolve, success: resolve }))
    await until(() => server.held() === 1)
    s.suspend()
    expect(await res).toEqual({ error: 12, errorMessage: 'interrupted' })
  })
})

describe('kill', () => {
  it('drops open requests without callbacks, clears timers and keeps storage', async () => {
    const s = sim('wechat')
    const calls: string[] = []
    s.api.request({ url: `${server.url}/hold`, complete: () => calls.push('request') })
    s.globals.setTimeout(() => calls.push('timer'), 1000)
    s.api.setStorageSync('pending', [1, 2])
    await until(() => server.held() === 1)
    s.kill()
    expect(s.state).toBe('killed')
    await until(() => server.closedEarly() >= 1)
    await delay(1100)
    expect(calls).toEqual([])
    expect(s.storage.read('pending')).toEqual([1, 2])
  })

  it('uninstalls the globals it installed', async () => {
    const s = sim('wechat')
    await s.launch({ app: { pages: { 'pages/a/a': {} } } })
    expect((globalThis as any).wx).toBe(s.api)
    s.kill()
    expect((globalThis as any).wx).toBeUndefined()
  })
})

describe('idle', () => {
  it('waits for open requests to settle', async () => {
    const s = sim('wechat')
    let done = false
    s.api.request({ url: `${server.url}/slow/80`, complete: () => (done = true) })
    await s.idle()
    expect(done).toBe(true)
  })
})
