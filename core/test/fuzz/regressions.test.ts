// The defects the fuzzing found, each pinned by a plain test (the properties find them again only by chance).
import { afterEach, describe, expect, it } from 'vitest'
import { FuzzApp } from './app'
import { HUGE } from './arbitraries'

let app: FuzzApp
afterEach(() => app?.close())

const sent = async (a: FuzzApp) => {
  const before = a.records
  await a.monitor.flush()
  return a.records - before
}

describe('found by fuzzing', () => {
  it('platform hooks hand over strings of any length: message ≤ 1 KB and stack ≤ 8 KB from every source', async () => {
    app = new FuzzApp('wechat')
    app.hooks.Error('MiniProgramError\n' + HUGE.plain + '\n' + HUGE.lines)
    app.hooks.PageNotFound({ path: HUGE.plain })
    app.plan = { answer: 'fail', sync: true }
    app.api.request({ url: 'https://api.test/' + HUGE.plain.slice(0, 100_000), fail() {} })
    await app.monitor.flush()
    expect(app.problems).toEqual([])
    expect(app.records).toBeGreaterThanOrEqual(3)
  })

  it('one attribute value the encoder cannot carry (symbol, object, bigint) no longer loses the whole batch', async () => {
    app = new FuzzApp('alipay')
    app.monitor.captureError(new Error('good one'))
    app.monitor.captureError(new Error('bad attributes'), { s: Symbol('x'), o: { deep: 1 }, b: 10n, n: NaN, ok: 'kept' } as any)
    await app.monitor.flush()
    expect(app.problems).toEqual([])
    expect(app.records).toBe(2)
  })

  it('lifecycle times that make no duration (NaN, the past, the far future) make no gauge', async () => {
    app = new FuzzApp('alipay', { enable: { perf: true } })
    app.monitor.lifecycle('appLaunch', 'pages/a/a', 0)
    app.monitor.lifecycle('pageLoad', 'pages/a/a', NaN)
    app.monitor.lifecycle('pageReady', 'pages/a/a', Date.now())
    app.monitor.lifecycle('pageShow', 'pages/b/b', Date.now() + 86400_000)
    app.monitor.lifecycle('pageHide', 'pages/b/b', Date.now())
    expect(await sent(app)).toBe(0)
    expect(app.problems).toEqual([])
  })

  it('global (/g) RegExps in ignoreErrors, urlGroupRules and propagateTo give the same answer every time', async () => {
    app = new FuzzApp('wechat', {
      ignoreErrors: [/boom/g],
      request: { urlGroupRules: [{ match: /\/orders\/\d+/g, group: '/orders/{id}' }] },
      enable: { tracing: true },
      tracing: { propagateTo: [/^https:\/\/api\.test\//g] },
    })
    for (let i = 0; i < 4; i++) app.monitor.captureError(new Error('boom ' + i))
    app.monitor.captureError(new Error('kept'))
    const logs = app.calls.length
    for (let i = 0; i < 4; i++) app.api.request({ url: `https://api.test/orders/${i}`, success() {} })
    const sw8 = app.calls.slice(logs).filter((c) => (c.args[0] as any).header && (c.args[0] as any).header.sw8)
    expect(sw8).toHaveLength(4)
    await new Promise((r) => setImmediate(r))
    await app.monitor.flush()
    expect(app.problems).toEqual([])
    // one error (kept) and one histogram series (/orders/{id}) per flush
    expect(app.records).toBe(1 + 1 + 4 /* segments */)
  })

  it('request options built by a class (accessors on the prototype) reach the platform', () => {
    app = new FuzzApp('wechat')
    class Options {
      get url() {
        return 'https://api.test/a'
      }
      get data() {
        return { q: 1 }
      }
    }
    app.api.request(new Options())
    const given = app.calls[app.calls.length - 1].args[0] as any
    // without the SDK the platform reads both; through the wrapper's copy (own enumerable keys) it gets neither
    expect(given.url).toBe('https://api.test/a')
    expect(given.data).toEqual({ q: 1 })
  })
})
