import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { BOUNDS } from '../src/exporters/otlp'
import { startAppServer } from './app-server'
import { eventually, start, type Harness } from './harness'

let app: Awaited<ReturnType<typeof startAppServer>>
beforeAll(async () => {
  app = await startAppServer()
})
afterAll(() => app.close())

type Calls = { success: any[][]; fail: any[][]; complete: any[][]; thisValues: unknown[] }
function callbacks(): Calls & { options: Record<string, (...a: any[]) => void> } {
  const c: Calls = { success: [], fail: [], complete: [], thisValues: [] }
  const cb = (k: 'success' | 'fail' | 'complete') =>
    function (this: unknown, ...args: any[]) {
      c[k].push(args)
      c.thisValues.push(this)
      return 'user-return-' + k
    }
  return Object.assign(c, { options: { success: cb('success'), fail: cb('fail'), complete: cb('complete') } })
}
const settled = (c: Calls) => () => expect(c.complete.length).toBe(1)

function request(h: Harness, name: string, options: Record<string, unknown>) {
  return (h.sim.api as any)[name](options)
}

describe('wx.request passthrough', () => {
  let h: Harness
  afterEach(() => h.close())

  it('every documented option reaches the real call; callbacks run once with the original results; the task is returned', async () => {
    h = await start('wechat')
    // a spy beneath the monitor's wrapper sees what reaches the platform function
    const { shutdown, init } = await import('../src/index')
    await shutdown()
    const api = h.sim.api as any
    const real = api.request
    const seen: any[] = []
    const spy = function (this: unknown, o: any) {
      seen.push(o)
      return real.apply(this, arguments)
    }
    Object.defineProperty(api, 'request', { value: spy, configurable: true, writable: true })
    h.monitor = init({ service: 'shop', collector: h.collector.url, flushInterval: 60000 })
    expect(api.request).not.toBe(spy)
    const c = callbacks()
    const options = {
      url: app.url + '/echo?x=1',
      data: { a: 1, b: '二' },
      header: { 'content-type': 'application/json', 'x-user': 'u1' },
      timeout: 5000,
      method: 'POST',
      dataType: 'json',
      responseType: 'text',
      useHighPerformanceMode: true,
      enableHttp2: true,
      enableProfile: true,
      enableQuic: false,
      enableCache: false,
      enableHttpDNS: false,
      httpDNSServiceId: 'svc',
      enableChunked: false,
      forceCellularNetwork: false,
      redirect: 'follow',
      ...c.options,
    }
    const task = request(h, 'request', options)
    expect(seen).toHaveLength(1)
    for (const k of Object.keys(options)) if (!['success', 'fail', 'complete'].includes(k)) expect(seen[0][k]).toBe((options as any)[k])
    expect(seen[0].complete).toBe(options.complete)
    expect(typeof task.abort).toBe('function')
    expect(typeof task.onHeadersReceived).toBe('function')
    await eventually(settled(c))
    expect(c.success).toHaveLength(1)
    expect(c.fail).toHaveLength(0)
    const res = c.success[0][0]
    expect(res).toMatchObject({ statusCode: 200, errMsg: 'request:ok' })
    expect(res.data.echo).toMatchObject({ method: 'POST', body: JSON.stringify({ a: 1, b: '二' }) })
    expect(res.data.echo.headers['x-user']).toBe('u1')
    expect(res.header['x-app']).toBe('yes')
    // the user's callbacks see exactly one argument, as the platform gives it
    expect(c.success[0]).toHaveLength(1)
    expect(c.complete[0][0]).toBe(res)
  })

  it('abort, onHeadersReceived and fail keep working through the wrapper', async () => {
    h = await start('wechat')
    const c = callbacks()
    const headers: any[] = []
    const task = request(h, 'request', { url: app.url + '/slow/2000', ...c.options })
    task.onHeadersReceived((r: any) => headers.push(r))
    setTimeout(() => task.abort(), 50)
    await eventually(settled(c))
    expect(c.fail).toHaveLength(1)
    expect(c.fail[0][0].errMsg).toMatch(/abort/)
    expect(c.success).toHaveLength(0)

    const d = callbacks()
    const t2 = request(h, 'request', { url: app.url + '/echo', ...d.options })
    t2.onHeadersReceived((r: any) => headers.push(r))
    await eventually(settled(d))
    expect(headers.length).toBeGreaterThanOrEqual(1)
    expect(headers[headers.length - 1].header['x-app']).toBe('yes')

    const e = callbacks()
    request(h, 'request', { url: app.url + '/slow/2000', timeout: 50, ...e.options })
    await eventually(settled(e))
    expect(e.fail[0][0].errMsg).toMatch(/timeout/)
  })

  it('a throwing user callback still throws where it did, and the request is still measured', async () => {
    h = await start('wechat')
    const errors: unknown[] = []
    const done = new Promise<void>((resolve) => {
      request(h, 'request', {
        url: app.url + '/echo',
        success() {
          resolve()
          throw new Error('user bug in success')
        },
      })
    })
    await done
    await new Promise((r) => setTimeout(r, 20))
    await h.monitor.flush()
    expect(h.collector.metrics.filter((m) => m.name === 'miniprogram.request.duration')).toHaveLength(1)
    void errors
  })

  it('downloadFile and uploadFile: progress and results intact, measured', async () => {
    h = await start('wechat')
    const c = callbacks()
    const progress: unknown[] = []
    const task = request(h, 'downloadFile', { url: app.url + '/echo', ...c.options })
    task.onProgressUpdate((p: unknown) => progress.push(p))
    await eventually(settled(c))
    expect(c.success[0][0]).toMatchObject({ statusCode: 200, tempFilePath: expect.any(String) })
    const u = callbacks()
    request(h, 'uploadFile', { url: app.url + '/echo', filePath: c.success[0][0].tempFilePath, name: 'file', formData: { k: 'v' }, ...u.options })
    await eventually(settled(u))
    expect(u.success[0][0].statusCode).toBe(200)
    await h.monitor.flush()
    const points = h.collector.metrics.filter((m) => m.name === 'miniprogram.request.duration')
    expect(points.map((p) => p.attributes['http.request.method']).sort()).toEqual(['GET', 'POST'])
  })
})

describe('my.request passthrough (Alipay shapes)', () => {
  let h: Harness
  afterEach(() => h.close())

  it('headers/status/data intact, callbacks once, task returned', async () => {
    h = await start('alipay')
    const c = callbacks()
    const task = request(h, 'request', {
      url: app.url + '/echo',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user': 'u2' },
      data: { q: 'x' },
      timeout: 4000,
      dataType: 'json',
      ...c.options,
    })
    expect(typeof task.abort).toBe('function')
    await eventually(settled(c))
    expect(c.success).toHaveLength(1)
    const res = c.success[0][0]
    expect(res.status).toBe(200)
    expect(res.headers['x-app']).toBe('yes')
    expect(res.data.echo.headers['x-user']).toBe('u2')
    await h.monitor.flush()
    const p = h.collector.metrics.find((m) => m.name === 'miniprogram.request.duration')!
    expect(p.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.response.status_code': 200, 'miniprogram.page.path': expect.any(String) })
  })

  it('my.httpRequest (the older API, the only one in DingTalk) is measured like my.request, results intact', async () => {
    h = await start('alipay')
    const c = callbacks()
    request(h, 'httpRequest', { url: app.url + '/status/503', method: 'POST', headers: { 'x-user': 'u3' }, data: { q: 'y' }, ...c.options })
    await eventually(settled(c))
    // Alipay calls fail for an HTTP error status, with the status in the result
    expect(c.fail).toHaveLength(1)
    expect(c.fail[0][0].status).toBe(503)
    await h.monitor.flush()
    const p = h.collector.metrics.find((m) => m.name === 'miniprogram.request.duration')!
    expect(p.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.response.status_code': 503, 'url.path.group': '/status/{id}' })
    const ajax = h.collector.logs.filter((l) => l.attributes['exception.type'] === 'ajax')
    expect(ajax.map((l) => l.attributes['http.response.status_code'])).toEqual([503])
  })

  it('an HTTP error is counted with its status and reported as an ajax error', async () => {
    h = await start('alipay')
    const c = callbacks()
    request(h, 'request', { url: app.url + '/status/502', ...c.options })
    await eventually(settled(c))
    await h.monitor.flush()
    const log = h.collector.logs.find((l) => l.attributes['exception.type'] === 'ajax')!
    expect(log.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.response.status_code': 502, 'server.address': '127.0.0.1' })
    const p = h.collector.metrics.find((m) => m.name === 'miniprogram.request.duration')!
    expect(p.attributes['http.response.status_code']).toBe(502)
  })
})

describe('miniprogram.request.duration histogram', () => {
  let h: Harness
  afterEach(() => h.close())

  it.each(['wechat', 'alipay'] as const)('%s: DELTA per flush, integer bounds, counts equal the requests made, ajax errors for failures', async (platform) => {
    h = await start(platform, { request: { urlGroupRules: [{ match: /\/status\/\d+$/, group: '/status/{code}' }] } })
    h.monitor.lifecycle('pageShow', '/pages/list/list?from=home')
    const all: Calls[] = []
    const fire = (path: string) => {
      const c = callbacks()
      all.push(c)
      request(h, 'request', { url: app.url + path, ...c.options })
    }
    for (let i = 0; i < 3; i++) fire('/echo?token=secret' + i)
    fire('/status/500')
    fire('/status/404')
    fire('/slow/120')
    await eventually(() => all.forEach((c) => expect(c.complete).toHaveLength(1)))
    await h.monitor.flush()
    const points = h.collector.metrics.filter((m) => m.name === 'miniprogram.request.duration')
    for (const p of points) {
      expect(p.type).toBe('histogram')
      expect(p.unit).toBe('ms')
      expect(p.temporality).toBe(1)
      expect(p.explicitBounds).toEqual(BOUNDS)
      expect(p.bucketCounts).toHaveLength(BOUNDS.length + 1)
      expect(p.bucketCounts!.reduce((a, b) => a + b, 0)).toBe(p.count)
      expect(p.attributes['miniprogram.page.path']).toBe('pages/list/list')
      expect(p.attributes['server.address']).toBe('127.0.0.1')
      expect(p.attributes['server.port']).toBe(app.port)
      expect(BigInt(p.startTimeUnixNano!)).toBeLessThanOrEqual(BigInt(p.timeUnixNano))
    }
    expect(points.reduce((n, p) => n + p.count!, 0)).toBe(6)
    const echo = points.find((p) => p.attributes['url.path.group'] === '/echo')!
    expect(echo.count).toBe(3)
    expect(points.filter((p) => p.attributes['url.path.group'] === '/status/{code}').map((p) => p.attributes['http.response.status_code']).sort()).toEqual([404, 500])
    const slow = points.find((p) => p.attributes['url.path.group'] === '/slow/{id}')!
    expect(slow.sum).toBeGreaterThanOrEqual(110)
    expect(slow.bucketCounts![BOUNDS.findIndex((b) => b >= slow.sum!)]).toBe(1)
    const ajax = h.collector.logs.filter((l) => l.attributes['exception.type'] === 'ajax')
    expect(ajax.map((l) => l.attributes['http.response.status_code']).sort()).toEqual([404, 500])
    // query strings never leave the device
    expect(JSON.stringify([h.collector.logs, h.collector.metrics])).not.toContain('secret')
    // DELTA: the next flush starts from zero
    fire('/echo')
    await eventually(() => expect(all[all.length - 1].complete).toHaveLength(1))
    await h.monitor.flush()
    const next = h.collector.metrics.filter((m) => m.name === 'miniprogram.request.duration').slice(points.length)
    expect(next.map((p) => p.count)).toEqual([1])
  })

  it.each(['wechat', 'alipay'] as const)('%s: a request alone is sent within flushInterval, with no flush called', async (platform) => {
    h = await start(platform, { flushInterval: 150 })
    const c = callbacks()
    request(h, 'request', { url: app.url + '/echo', ...c.options })
    await eventually(settled(c))
    await eventually(() => expect(h.collector.metrics.filter((m) => m.name === 'miniprogram.request.duration').map((p) => p.count)).toEqual([1]))
    // once sent, nothing is left for a timer to do
    await eventually(() => expect(h.sim.pendingTimers).toBe(0))
  })

  it('ignoreUrls are never observed; network failures count with no status', async () => {
    h = await start('wechat', { request: { ignoreUrls: ['localhost', /\/health$/] } })
    const a = callbacks()
    const b = callbacks()
    const c = callbacks()
    request(h, 'request', { url: app.url.replace('127.0.0.1', 'localhost') + '/echo', ...a.options })
    request(h, 'request', { url: app.url + '/health', ...b.options })
    request(h, 'request', { url: 'http://127.0.0.1:1/refused', ...c.options })
    await eventually(() => [a, b, c].forEach((x) => expect(x.complete).toHaveLength(1)))
    await h.monitor.flush()
    const points = h.collector.metrics.filter((m) => m.name === 'miniprogram.request.duration')
    expect(points).toHaveLength(1)
    expect(points[0].attributes).not.toHaveProperty('http.response.status_code')
    expect(points[0].attributes['server.port']).toBe(1)
    const ajax = h.collector.logs.filter((l) => l.attributes['exception.type'] === 'ajax')
    expect(ajax).toHaveLength(1)
    expect(String(ajax[0].body)).toMatch(/^GET http:\/\/127\.0\.0\.1:1\/refused request:fail/)
  })

  it('caps distinct attribute sets per flush, folding the rest into one counted group', async () => {
    h = await start('wechat', { request: { maxGroups: 3 } })
    const all: Calls[] = []
    for (let i = 0; i < 10; i++) {
      const c = callbacks()
      all.push(c)
      request(h, 'request', { url: `${app.url}/p${i}/x`, ...c.options })
    }
    await eventually(() => all.forEach((c) => expect(c.complete).toHaveLength(1)))
    await h.monitor.flush()
    const points = h.collector.metrics.filter((m) => m.name === 'miniprogram.request.duration')
    expect(points).toHaveLength(4)
    expect(points.reduce((n, p) => n + p.count!, 0)).toBe(10)
    expect(points.find((p) => p.attributes['url.path.group'] === '~other')!.count).toBe(7)
    await h.monitor.flush()
    expect(h.collector.metrics.find((m) => m.name === 'minimon.dropped')!.attributes.reason).toBe('cardinality')
  })
})

describe('tracing', () => {
  let h: Harness
  afterEach(() => h.close())

  const decode = (sw8: string) => {
    const parts = sw8.split('-')
    return { sample: parts[0], parent: parts[3], fields: [1, 2, 4, 5, 6, 7].map((i) => Buffer.from(parts[i], 'base64').toString('utf8')), raw: parts }
  }

  it.each(['wechat', 'alipay'] as const)('%s: sw8 with correct UTF-8 base64 to allowed hosts only, and one segment per traced request', async (platform) => {
    h = await start(platform, { service: '商城-小程序', serviceVersion: 'v1.2.3', enable: { tracing: true }, tracing: { propagateTo: ['127.0.0.1'] } })
    h.monitor.lifecycle('pageShow', 'pages/订单/详情')
    const a = callbacks()
    const b = callbacks()
    request(h, 'request', { url: app.url + '/echo?q=1', method: 'PUT', ...a.options })
    request(h, 'request', { url: app.url.replace('127.0.0.1', 'localhost') + '/status/503', ...b.options })
    await eventually(() => [a, b].forEach((x) => expect(x.complete).toHaveLength(1)))
    const toAllowed = app.received.filter((r) => r.method === 'PUT').pop()!
    const toOther = app.received.filter((r) => r.url === '/status/503').pop()!
    expect(toOther.headers.sw8).toBeUndefined()
    const sw8 = decode(String(toAllowed.headers.sw8))
    expect(sw8.sample).toBe('1')
    expect(sw8.parent).toBe('0')
    // standard base64 with padding: re-encoding gives the same text
    for (const [i, p] of [1, 2, 4, 5, 6, 7].entries()) expect(Buffer.from(sw8.fields[i], 'utf8').toString('base64')).toBe(sw8.raw[p])
    const [traceId, segmentId, service, instance, endpoint, peer] = sw8.fields
    expect(service).toBe('商城-小程序')
    expect(instance).toBe('v1.2.3')
    expect(endpoint).toBe('pages/订单/详情')
    expect(peer).toBe(`127.0.0.1:${app.port}`)
    await h.monitor.flush()
    await eventually(() => expect(h.collector.segments).toHaveLength(2))
    const seg = h.collector.segments.find((s: any) => s.traceId === traceId) as any
    expect(seg).toMatchObject({ traceSegmentId: segmentId, service: '商城-小程序', serviceInstance: 'v1.2.3' })
    expect(seg.spans).toHaveLength(1)
    expect(seg.spans[0]).toMatchObject({
      spanId: 0,
      parentSpanId: -1,
      spanType: 'Exit',
      spanLayer: 'Http',
      componentId: platform === 'wechat' ? 10002 : 10003,
      peer: `127.0.0.1:${app.port}`,
      operationName: 'pages/订单/详情',
      isError: false,
    })
    expect(seg.spans[0].endTime).toBeGreaterThanOrEqual(seg.spans[0].startTime)
    expect(Object.fromEntries(seg.spans[0].tags.map((t: any) => [t.key, t.value]))).toEqual({
      'http.method': 'PUT',
      url: app.url + '/echo',
      'http.status_code': '200',
      'miniprogram.platform': platform,
      // the session, as on the logs (never on metrics)
      'session.id': expect.stringMatching(/^[0-9a-f]{32}$/),
    })
    const failed = h.collector.segments.find((s: any) => s.traceId !== traceId) as any
    expect(failed.spans[0].isError).toBe(true)
  })

  it('an empty propagateTo sends no header anywhere and says so once in debug', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    h = await start('wechat', { debug: true, enable: { tracing: true } })
    const a = callbacks()
    request(h, 'request', { url: app.url + '/echo?n=empty', ...a.options })
    await eventually(settled(a))
    expect(app.received.find((r) => r.url === '/echo?n=empty')!.headers.sw8).toBeUndefined()
    expect(log.mock.calls.filter((c) => /propagateTo is empty/.test(String(c[0])))).toHaveLength(1)
    log.mockRestore()
  })

  it('sampleRate 0 traces nothing; urlBlacklist is never traced', async () => {
    h = await start('wechat', { enable: { tracing: true }, tracing: { sampleRate: 0, propagateTo: ['127.0.0.1'] } })
    const a = callbacks()
    request(h, 'request', { url: app.url + '/echo?n=s0', ...a.options })
    await eventually(settled(a))
    await h.close()
    h = await start('wechat', { enable: { tracing: true }, tracing: { urlBlacklist: [/\/echo/], propagateTo: ['127.0.0.1'] } })
    const b = callbacks()
    request(h, 'request', { url: app.url + '/echo?n=bl', ...b.options })
    await eventually(settled(b))
    await h.monitor.flush()
    expect(h.collector.segments).toHaveLength(0)
    expect(app.received.filter((r) => /n=(s0|bl)/.test(r.url)).every((r) => !r.headers.sw8)).toBe(true)
  })
})
