import { afterEach, describe, expect, it, vi } from 'vitest'
import { start, type Harness, type Platform } from './harness'
import { startCollector } from '@minimon/collector'
import { createSim } from '@minimon/sim'

const cases: [Platform, 'proto' | 'json'][] = [
  ['wechat', 'proto'],
  ['wechat', 'json'],
  ['alipay', 'proto'],
  ['alipay', 'json'],
]

describe.each(cases)('errors on %s, %s encoding, to the OAP log contract', (platform, encoding) => {
  let h: Harness
  afterEach(() => h.close())

  it('sends js, promise, pageNotFound and captured errors with every attribute DESIGN.md names', async () => {
    h = await start(platform, { encoding })
    expect(h.monitor.enabled).toBe(true)
    expect(h.monitor.platform).toBe(platform)
    h.sim.throwInApp(new TypeError('cannot read property "id" of undefined'))
    h.sim.rejectInApp(new Error('order failed'))
    h.sim.rejectInApp({ code: 42 })
    h.monitor.captureError(new RangeError('bad range'), { 'app.feature': 'cart' })
    await h.monitor.flush()
    const logs = h.collector.logs
    expect(logs.map((l) => l.encoding)).toEqual(logs.map(() => encoding))
    const byType = (t: string) => logs.filter((l) => l.attributes['exception.type'] === t)
    expect(byType('js')).toHaveLength(2)
    expect(byType('promise')).toHaveLength(2)

    for (const l of logs) {
      expect(l.resource).toMatchObject({
        'service.name': 'shop',
        'service.instance.id': '1.4.2',
        'service.version': '1.4.2',
        'miniprogram.platform': platform,
        'telemetry.sdk.name': 'minimon',
      })
      expect(l.resource).not.toHaveProperty('service.layer')
      expect(l.severityNumber).toBe(17)
      expect(l.severityText).toBe('ERROR')
      expect(typeof l.body).toBe('string')
      // the body is the message; exception.message would only repeat it
      expect(l.attributes).not.toHaveProperty('exception.message')
      expect(BigInt(l.timeUnixNano)).toBeGreaterThan(BigInt(Date.now() - 60_000) * 1000000n)
      expect(l.attributes).toHaveProperty('miniprogram.page.path')
      expect(l.attributes['log.record.uid']).toEqual(expect.any(String))
      // no duplicate keys on the wire
      const keys = (l.raw as any).attributes.map((kv: any) => kv.key)
      expect(new Set(keys).size).toBe(keys.length)
    }
    const thrown = byType('js').find((l) => String(l.body).includes('cannot read'))!
    expect(thrown.body).toBe('TypeError: cannot read property "id" of undefined')
    // WeChat's "MiniProgramError" wrapper line never leaks into the message
    expect(String(thrown.body)).not.toMatch(/MiniProgramError/)
    // the stack's opening line is the body: sent once, so the stack starts at its first frame
    expect(String(thrown.attributes['exception.stacktrace'])).toMatch(/^\s+at /)
    const captured = byType('js').find((l) => String(l.body).includes('bad range'))!
    expect(captured.body).toBe('RangeError: bad range')
    expect(captured.attributes).toMatchObject({ 'app.feature': 'cart' })
    expect(byType('promise').map((l) => l.body).sort()).toEqual(['Error: order failed', '{"code":42}'].sort())
  })

  it('describes a large rejection payload within a budget: 20 items per array, 100 values in all', async () => {
    h = await start(platform, { encoding })
    h.sim.rejectInApp({ rows: Array.from({ length: 200000 }, (_, i) => ({ id: i, name: 'row ' + i })) })
    await h.monitor.flush()
    const [log] = h.collector.logs.filter((l) => l.attributes['exception.type'] === 'promise')
    const body = String(log.body)
    expect(body.startsWith('{"rows":[{"id":0,"name":"row 0"},{"id":1,"name":"row 1"}')).toBe(true)
    expect(body).not.toContain('"row 20"')
    expect(body.length).toBeLessThanOrEqual(1025)
  })

  it('reports a missing page as pageNotFound', async () => {
    h = await start(platform, { encoding })
    await h.sim.navigateTo('/pages/missing/missing?id=3').catch(() => {})
    h.sim.pageNotFound?.('pages/missing/missing')
    await h.monitor.flush()
    const nf = h.collector.logs.filter((l) => l.attributes['exception.type'] === 'pageNotFound')
    if (platform === 'wechat') {
      expect(nf.length).toBeGreaterThanOrEqual(1)
      expect(nf[0].attributes['miniprogram.page.path']).toBe('pages/missing/missing')
    }
  })
})

describe('the stack on the wire', () => {
  let h: Harness
  afterEach(() => h.close())

  it('leaves out only an opening line that repeats the body', async () => {
    h = await start('wechat')
    const frames = '    at onLoad (pages/index/index.js:3:7)\n    at n.<anonymous> (app-service.js:9:1)'
    const own = new Error('stack of its own')
    own.stack = 'Error: wrapped elsewhere\n' + frames
    const bare = new Error('no frames')
    bare.stack = 'Error: no frames'
    const usual = new Error('usual')
    usual.stack = 'Error: usual\n' + frames
    for (const e of [own, bare, usual]) h.monitor.captureError(e)
    await h.monitor.flush()
    const stackOf = (body: string) => h.collector.logs.find((l) => l.body === body)!.attributes['exception.stacktrace']
    expect(stackOf('Error: usual')).toBe(frames)
    expect(stackOf('Error: stack of its own')).toBe(own.stack)
    expect(stackOf('Error: no frames')).toBeUndefined()
  })
})

describe('error flood', () => {
  let h: Harness
  afterEach(() => h.close())

  it('folds the same error repeating in a loop into one event with its count', async () => {
    h = await start('wechat')
    for (let i = 0; i < 1000; i++) h.sim.throwInApp(new Error('render loop'))
    h.sim.throwInApp(new Error('something else'))
    await h.monitor.flush()
    const logs = h.collector.logs
    expect(logs).toHaveLength(2)
    const loop = logs.find((l) => l.body === 'Error: render loop')!
    expect(loop.attributes['exception.count']).toBe(1000)
    // after the flush, the next occurrence is a new event again
    h.sim.throwInApp(new Error('render loop'))
    await h.monitor.flush()
    expect(h.collector.logs).toHaveLength(3)
  })

  it('ignoreErrors and beforeSend can drop and scrub', async () => {
    h = await start('alipay', {
      ignoreErrors: ['ResizeObserver', /^Script error/],
      beforeSend: (e) => (e.kind === 'error' && e.message.includes('secret') ? { ...e, message: e.message.replace(/secret=\w+/, 'secret=***') } : e),
    })
    h.sim.throwInApp(new Error('ResizeObserver loop limit exceeded'))
    h.sim.throwInApp('Script error.')
    h.monitor.captureError(new Error('token secret=abc123 leaked'))
    await h.monitor.flush()
    expect(h.collector.logs.map((l) => l.body)).toEqual(['Error: token secret=*** leaked'])
  })
})

describe.each(['wechat', 'alipay'] as Platform[])('error categories and bodies on %s', (platform) => {
  let h: Harness
  afterEach(() => h.close())

  it("keeps the caller's own exception.type when it is a short identifier; else js, with the reason counted", async () => {
    h = await start(platform)
    h.monitor.captureError(new Error('card declined'), { 'exception.type': 'payment' })
    h.monitor.captureError(new Error('by hand'), { 'exception.type': 'manual.v2-x_y' })
    h.monitor.captureError(new Error('too long'), { 'exception.type': 'x'.repeat(33) })
    h.monitor.captureError(new Error('spaced'), { 'exception.type': 'not an id' })
    h.monitor.captureError(new Error('numeric'), { 'exception.type': 7 })
    await h.monitor.flush()
    const typeOf = (body: string) => h.collector.logs.find((l) => l.body === 'Error: ' + body)!.attributes['exception.type']
    expect(typeOf('card declined')).toBe('payment')
    expect(typeOf('by hand')).toBe('manual.v2-x_y')
    expect([typeOf('too long'), typeOf('spaced'), typeOf('numeric')]).toEqual(['js', 'js', 'js'])
    await h.monitor.flush()
    const dropped = h.collector.metrics.filter((m) => m.name === 'minimon.dropped' && m.attributes.reason === 'exception_type')
    expect(dropped.reduce((n, m) => n + (m.value ?? 0), 0)).toBe(3)
  })

  it('never sends an empty body: the error name, else the category', async () => {
    h = await start(platform)
    h.monitor.captureError(new TypeError(''))
    h.monitor.captureError('', { 'exception.type': 'manual' })
    h.monitor.captureError(new Error(''), { 'exception.type': 'promise' })
    h.sim.throwInApp(new RangeError(''))
    await h.monitor.flush()
    const bodies = h.collector.logs.map((l) => `${l.attributes['exception.type']} ${l.body}`).sort()
    expect(bodies).toEqual(['js RangeError', 'js TypeError', 'manual manual', 'promise Error'].sort())
  })
})

describe('init with bad options', () => {
  afterEach(() => vi.restoreAllMocks())
  const bad: [string, any][] = [
    ['no options', undefined],
    ['no service', { collector: 'http://127.0.0.1:1' }],
    ['bad collector', { service: 's', collector: 'ftp://x' }],
  ]
  it.each(bad)('%s: no throw, one clear console error, a disabled monitor that sends nothing', async (_name, options) => {
    const h = await start('wechat', {})
    await h.close()
    const { init, shutdown } = await import('../src/index')
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const m = init(options)
    expect(error).toHaveBeenCalledTimes(1)
    expect(String(error.mock.calls[0][0])).toMatch(/^\[minimon\] invalid option `[\w.]+`/)
    expect(m.enabled).toBe(false)
    m.captureError(new Error('x'))
    m.lifecycle('pageShow', 'pages/a/a')
    await m.flush()
    await shutdown()
    expect(h.collector.requests).toHaveLength(0)
  })

  const optional: [string, any, string][] = [
    ['bad encoding', { encoding: 'xml' }, '[minimon] invalid option `encoding`: "xml"; expected "proto" or "json"; it is ignored, the default "proto" is used'],
    ['bad sample rate', { tracing: { sampleRate: -1 } }, '[minimon] invalid option `tracing.sampleRate`: -1; expected a number from 0 to 1; it is ignored, the default 1 is used'],
    ['misspelt enable key', { enable: { errors: true } }, '[minimon] unknown option `enable.errors` is ignored'],
  ]
  it.each(optional)('%s: one warning naming it; the monitor runs with every other option and reports', async (_name, options, warning) => {
    const collector = await startCollector({ port: 0 })
    const sim = createSim({ platform: 'wechat' })
    const uninstall = sim.install()
    const { init, shutdown } = await import('../src/index')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const m = init({ service: 'shop', collector: collector.url, flushInterval: 60_000, serviceVersion: '3.1.0', ...options })
      expect(warn.mock.calls.map((c) => c[0])).toEqual([warning])
      expect(error).not.toHaveBeenCalled()
      expect(m.enabled).toBe(true)
      m.captureError(new Error('still reported'))
      await m.flush()
      expect(collector.logs.map((l) => l.body)).toEqual(['Error: still reported'])
      expect(collector.logs[0].resource['service.version']).toBe('3.1.0')
    } finally {
      await shutdown()
      uninstall()
      sim.kill()
      await collector.close()
    }
  })
})
