import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSim } from '../src/index'
import { call, startServer, until, type TestServer } from './helpers/server'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.close())

function wx() {
  return createSim({ platform: 'wechat' }).api
}

describe('wx.request', () => {
  it('succeeds with data, statusCode, header (server casing), cookies and errMsg', async () => {
    const { ok, res } = await call(wx().request, { url: `${server.url}/json` })
    expect(ok).toBe(true)
    expect(res.data).toEqual({ ok: true })
    expect(res.statusCode).toBe(200)
    expect(res.header['X-Trace-Id']).toBe('abc')
    expect(res.cookies).toEqual(['a=1; Path=/', 'b=2'])
    expect(res.errMsg).toBe('request:ok')
  })

  it('calls success (not fail) for HTTP error statuses', async () => {
    const { ok, res } = await call(wx().request, { url: `${server.url}/status/503` })
    expect(ok).toBe(true)
    expect(res.statusCode).toBe(503)
    expect(res.data).toEqual({ code: 503 })
  })

  it('keeps the text when dataType json cannot parse it, and honours dataType other', async () => {
    const api = wx()
    expect((await call(api.request, { url: `${server.url}/text` })).res.data).toBe('hello')
    expect((await call(api.request, { url: `${server.url}/json`, dataType: 'text' })).res.data).toBe('{"ok":true}')
  })

  it('gives an ArrayBuffer for responseType arraybuffer', async () => {
    const { res } = await call(wx().request, { url: `${server.url}/bin`, responseType: 'arraybuffer' })
    expect(res.data).toBeInstanceOf(ArrayBuffer)
    expect([...new Uint8Array(res.data)]).toEqual([0, 1, 2, 3])
  })

  it('turns object data into a query string for GET', async () => {
    const { res } = await call(wx().request, { url: `${server.url}/echo?x=1`, data: { a: 'b c', n: 2 } })
    expect(res.data.method).toBe('GET')
    expect(res.data.url).toBe('/echo?x=1&a=b%20c&n=2')
  })

  it('sends JSON for POST by default, a form body for urlencoded, strings and ArrayBuffers as is', async () => {
    const api = wx()
    const json = await call(api.request, { url: `${server.url}/echo`, method: 'post', data: { a: [1, 2] } })
    expect(json.res.data.method).toBe('POST')
    expect(json.res.data.headers['content-type']).toBe('application/json')
    expect(json.res.data.body).toBe('{"a":[1,2]}')
    const form = await call(api.request, {
      url: `${server.url}/echo`,
      method: 'POST',
      header: { 'Content-Type': 'application/x-www-form-urlencoded' },
      data: { a: 1, b: 'x y' },
    })
    expect(form.res.data.body).toBe('a=1&b=x%20y')
    const text = await call(api.request, { url: `${server.url}/echo`, method: 'PUT', data: 'raw text' })
    expect(text.res.data.body).toBe('raw text')
    const bin = await call(api.request, { url: `${server.url}/echo`, method: 'POST', data: new Uint8Array([104, 105]).buffer })
    expect(bin.res.data.body).toBe('hi')
  })

  it('fails with request:fail timeout when the server is slower than timeout', async () => {
    const { ok, res } = await call(wx().request, { url: `${server.url}/slow/500`, timeout: 50 })
    expect(ok).toBe(false)
    expect(res.errMsg).toBe('request:fail timeout')
    expect(typeof res.errno).toBe('number')
  })

  it('fails with request:fail abort after task.abort()', async () => {
    const api = wx()
    const done = new Promise<any>((resolve) => {
      const task = api.request({ url: `${server.url}/slow/500`, fail: resolve, success: () => resolve('success?!') })
      task.abort()
    })
    const res = await done
    expect(res.errMsg).toBe('request:fail abort')
  })

  it('fails on a refused connection and on an invalid url', async () => {
    const refused = await call(wx().request, { url: 'http://127.0.0.1:1/x' })
    expect(refused.ok).toBe(false)
    expect(refused.res.errMsg).toMatch(/^request:fail /)
    const invalid = await call(wx().request, { url: 'not a url' })
    expect(invalid.res.errMsg).toBe('request:fail invalid url "not a url"')
  })

  it('returns a task whose onHeadersReceived fires before success', async () => {
    const api = wx()
    const order: string[] = []
    await new Promise<void>((resolve) => {
      const task = api.request({
        url: `${server.url}/json`,
        success: () => order.push('success'),
        complete: () => resolve(),
      })
      task.onHeadersReceived((r: any) => order.push(`headers ${r.statusCode}`))
    })
    expect(order).toEqual(['headers 200', 'success'])
  })

  it('runs success, fail and complete exactly once, after the call returns', async () => {
    const api = wx()
    const calls: string[] = []
    api.request({ url: `${server.url}/json`, success: () => calls.push('s'), fail: () => calls.push('f'), complete: () => calls.push('c') })
    expect(calls).toEqual([])
    await new Promise((r) => setTimeout(r, 100))
    expect(calls).toEqual(['s', 'c'])
  })
})

describe('wx.downloadFile / wx.uploadFile', () => {
  it('downloads to a tempFilePath with progress, and uploads that file back as multipart', async () => {
    const api = wx()
    const progress: number[] = []
    const { res } = await new Promise<any>((resolve) => {
      const task = api.downloadFile({ url: `${server.url}/bin`, success: (r: any) => resolve({ res: r }), fail: (r: any) => resolve({ res: r }) })
      task.onProgressUpdate((p: any) => progress.push(p.progress))
    })
    expect(res.statusCode).toBe(200)
    expect(res.errMsg).toBe('downloadFile:ok')
    expect(res.tempFilePath).toMatch(/^wxfile:\/\/tmp_/)
    expect(progress.at(-1)).toBe(100)
    const up = await call(api.uploadFile, { url: `${server.url}/upload`, filePath: res.tempFilePath, name: 'photo', formData: { k: 'v' } })
    expect(up.ok).toBe(true)
    expect(up.res.errMsg).toBe('uploadFile:ok')
    expect(typeof up.res.data).toBe('string')
    const echoed = JSON.parse(up.res.data)
    expect(echoed.names).toEqual(['k', 'photo'])
    expect(echoed.type).toMatch(/^multipart\/form-data; boundary=/)
  })

  it('fails uploadFile for a missing file', async () => {
    const { ok, res } = await call(wx().uploadFile, { url: `${server.url}/upload`, filePath: 'wxfile://tmp_nothing', name: 'f' })
    expect(ok).toBe(false)
    expect(res.errMsg).toMatch(/^uploadFile:fail /)
  })
})

describe('WeChat concurrency limit', () => {
  it('keeps at most 10 request/downloadFile/uploadFile in flight; the rest wait and then run', async () => {
    const api = wx()
    const results: any[] = []
    for (let i = 0; i < 8; i++) api.request({ url: `${server.url}/hold`, complete: (r: any) => results.push(r) })
    for (let i = 0; i < 4; i++) api.downloadFile({ url: `${server.url}/hold`, complete: (r: any) => results.push(r) })
    await until(() => server.held() === 10)
    await new Promise((r) => setTimeout(r, 100))
    expect(server.held()).toBe(10)
    expect(results).toHaveLength(0)
    server.release()
    await until(() => server.held() === 2)
    server.release()
    await until(() => results.length === 12)
    expect(results.every((r) => /:ok$/.test(r.errMsg))).toBe(true)
    expect(server.maxHeld()).toBeLessThanOrEqual(10)
  })
})
