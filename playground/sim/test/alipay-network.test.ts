import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSim } from '../src/index'
import { call, startServer, until, type TestServer } from './helpers/server'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.close())

function my(opts: { maxConcurrentRequests?: number } = {}) {
  return createSim({ platform: 'alipay', ...opts }).api
}

describe('my.request', () => {
  it('succeeds with { data, status, headers } and no errMsg', async () => {
    const { ok, res } = await call(my().request, { url: `${server.url}/json` })
    expect(ok).toBe(true)
    expect(res).toEqual({ data: { ok: true }, status: 200, headers: expect.objectContaining({ 'X-Trace-Id': 'abc' }) })
  })

  it('reads `headers` (not `header`) and sends JSON by default', async () => {
    const api = my()
    const { res } = await call(api.request, { url: `${server.url}/echo`, method: 'POST', headers: { 'X-A': '1' }, header: { 'X-B': '2' }, data: { a: 1 } })
    expect(res.data.headers['x-a']).toBe('1')
    expect(res.data.headers['x-b']).toBeUndefined()
    expect(res.data.headers['content-type']).toBe('application/json')
    expect(res.data.body).toBe('{"a":1}')
  })

  it('my.httpRequest defaults to a form body', async () => {
    const { res } = await call(my().httpRequest, { url: `${server.url}/echo`, method: 'POST', data: { a: 1, b: 'x' } })
    expect(res.data.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(res.data.body).toBe('a=1&b=x')
  })

  it('fails HTTP status >= 400 with error 19, keeping status, headers and parsed data', async () => {
    const { ok, res } = await call(my().request, { url: `${server.url}/status/500` })
    expect(ok).toBe(false)
    expect(res.error).toBe(19)
    expect(res.status).toBe(500)
    expect(res.data).toEqual({ code: 500 })
    expect(res.headers['Content-Type']).toBe('application/json')
    expect(typeof res.errorMessage).toBe('string')
  })

  it('fails with error 14 when dataType json cannot parse a 2xx body; dataType text does not', async () => {
    const api = my()
    const bad = await call(api.request, { url: `${server.url}/text` })
    expect(bad.ok).toBe(false)
    expect(bad.res.error).toBe(14)
    expect(bad.res.errorMessage).toBe('JSON parse data error')
    const text = await call(api.request, { url: `${server.url}/text`, dataType: 'text' })
    expect(text.res.data).toBe('hello')
    const b64 = await call(api.request, { url: `${server.url}/bin`, dataType: 'base64' })
    expect(b64.res.data).toBe(Buffer.from([0, 1, 2, 3]).toString('base64'))
  })

  it('fails with error 13 on timeout and 20 on abort, 12 on a refused connection', async () => {
    const api = my()
    const t = await call(api.request, { url: `${server.url}/slow/500`, timeout: 50 })
    expect(t.res).toEqual({ error: 13, errorMessage: expect.any(String) })
    const aborted = await new Promise<any>((resolve) => api.request({ url: `${server.url}/slow/500`, fail: resolve }).abort())
    expect(aborted.error).toBe(20)
    const refused = await call(api.request, { url: 'http://127.0.0.1:1/' })
    expect(refused.res.error).toBe(12)
  })

  it('has no concurrency limit unless one is configured', async () => {
    const api = my()
    let done = 0
    for (let i = 0; i < 12; i++) api.request({ url: `${server.url}/hold`, complete: () => done++ })
    await until(() => server.held() === 12)
    server.release()
    await until(() => done === 12)
  })
})

describe('my.downloadFile / my.uploadFile', () => {
  it('downloads to an apFilePath and uploads it with fileName as the field', async () => {
    const api = my()
    const down = await call(api.downloadFile, { url: `${server.url}/bin` })
    expect(down.ok).toBe(true)
    expect(Object.keys(down.res)).toEqual(['apFilePath'])
    const up = await call(api.uploadFile, { url: `${server.url}/upload`, filePath: down.res.apFilePath, fileName: 'file', fileType: 'image' })
    expect(up.ok).toBe(true)
    expect(up.res.statusCode).toBe(200)
    expect(JSON.parse(up.res.data).names).toEqual(['file'])
  })
})
