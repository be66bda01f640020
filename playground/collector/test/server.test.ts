import http from 'node:http'
import net from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startCollector, type Collector } from '../src/index'
import {
  encodeLogs, encodeMetrics, errorLog, gauge, gzip, histogram, JSON_CT, logsRequest, metricsRequest, post, PROTO,
  resource, segment,
} from './fixtures'

let c: Collector
beforeEach(async () => {
  c = await startCollector({ requestTimeoutMs: 1500, headersTimeoutMs: 800 })
})
afterEach(async () => {
  await c.close()
})

/** Raw HTTP request over a socket, so tests control exactly what is sent. */
function rawRequest(port: number, text: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(text))
    let out = ''
    s.on('data', (d) => (out += d.toString()))
    s.on('end', () => resolve(out))
    s.on('close', () => resolve(out))
    s.on('error', reject)
  })
}

describe('decoding', () => {
  it('listens on 127.0.0.1 with a random port and exposes url/port', () => {
    expect(c.port).toBeGreaterThan(0)
    expect(c.url).toBe(`http://127.0.0.1:${c.port}`)
  })

  it('decodes protobuf logs into the flattened shape, keeping raw', async () => {
    const body = encodeLogs(logsRequest([errorLog({ 'http.response.status_code': 500 })]))
    const r = await post(c.url, '/v1/logs', body)
    expect(r.status).toBe(200)
    expect(r.text).toBe('')
    expect(c.logs).toHaveLength(1)
    const l = c.logs[0]
    expect(l.encoding).toBe('proto')
    expect(l.resource).toMatchObject({ 'service.name': 'demo-mp', 'miniprogram.platform': 'wechat', 'service.instance.id': '1.4.2' })
    expect(l.scope).toEqual({ name: 'minimon', version: '0.1.0' })
    expect(l.timeUnixNano).toBe('1760000000000000000')
    expect(l.severityNumber).toBe(17)
    expect(l.severityText).toBe('ERROR')
    expect(l.body).toBe("Cannot read properties of undefined (reading 'id')")
    expect(l.attributes['exception.type']).toBe('js')
    expect(l.attributes['http.response.status_code']).toBe(500)
    const raw = l.raw.attributes.find((a: any) => a.key === 'http.response.status_code')
    expect(raw.value).toEqual({ intValue: '500' })
    expect(c.batches).toHaveLength(1)
    expect(c.batches[0]).toMatchObject({ kind: 'logs', encoding: 'proto', count: 1 })
    expect(c.requests[0]).toMatchObject({ method: 'POST', path: '/v1/logs', contentType: 'application/x-protobuf', status: 200, bytes: body.length })
  })

  it('decodes OTLP/JSON logs into the same shape as protobuf (hex ids, string/number int64, snake_case)', async () => {
    const rec = errorLog({ 'http.response.status_code': 500 }, [], {
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
    })
    const json = JSON.stringify(logsRequest([rec]))
    const snake = json.replace('"resourceLogs"', '"resource_logs"').replace('"timeUnixNano":"1760000000000000000"', '"time_unix_nano":1760000000000000000')
    expect((await post(c.url, '/v1/logs', snake, JSON_CT)).text).toBe('{}')
    const protoRec = { ...rec, traceId: Buffer.from(rec.traceId as string, 'hex'), spanId: Buffer.from(rec.spanId as string, 'hex') }
    await post(c.url, '/v1/logs', encodeLogs(logsRequest([protoRec])))
    expect(c.logs).toHaveLength(2)
    const [j, p] = c.logs
    expect(j.encoding).toBe('json')
    expect(j.traceId).toBe('5b8efff798038103d269b633813fc60c')
    expect(j.spanId).toBe('eee19b7ec3c1b174')
    const { encoding: _a, ...jr } = j
    const { encoding: _b, ...pr } = p
    expect(jr).toEqual(pr)
  })

  it('decodes gzip protobuf metrics: gauges (asInt/asDouble) and DELTA histograms', async () => {
    const body = gzip(encodeMetrics(metricsRequest([
      gauge('miniprogram.app_launch.duration', 812),
      gauge('miniprogram.first_render.duration', 120.5),
      histogram(),
    ])))
    const r = await post(c.url, '/v1/metrics', body, { ...PROTO, 'content-encoding': 'gzip' })
    expect(r.status).toBe(200)
    expect(c.metrics).toHaveLength(3)
    const [launch, render, h] = c.metrics
    expect(launch).toMatchObject({ name: 'miniprogram.app_launch.duration', type: 'gauge', value: 812, valueType: 'int', unit: 'ms', timeUnixNano: '1760000000000000000' })
    expect(launch.raw.asInt).toBe('812')
    expect(render).toMatchObject({ value: 120.5, valueType: 'double' })
    expect(h).toMatchObject({
      type: 'histogram', temporality: 1, count: 10, sum: 900, min: 12, max: 640,
      bucketCounts: [2, 5, 2, 1, 0, 0, 0], explicitBounds: [50, 100, 200, 500, 1000, 3000],
      startTimeUnixNano: '1759999940000000000',
    })
    expect(h.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.path.group': '/items/:id' })
    expect(c.requests[0]).toMatchObject({ contentEncoding: 'gzip', bytes: body.length })
  })

  it('decodes gzip OTLP/JSON metrics the same way', async () => {
    const obj = metricsRequest([gauge('miniprogram.route.duration', 33), histogram()])
    await post(c.url, '/v1/metrics', gzip(JSON.stringify(obj)), { ...JSON_CT, 'content-encoding': 'gzip' })
    await post(c.url, '/v1/metrics', encodeMetrics(obj))
    expect(c.metrics).toHaveLength(4)
    const strip = ({ encoding: _e, ...rest }: any) => rest
    expect(strip(c.metrics[0])).toEqual(strip(c.metrics[2]))
    expect(strip(c.metrics[1])).toEqual(strip(c.metrics[3]))
    expect(c.metrics[0].encoding).toBe('json')
  })

  it('flattens every AnyValue kind', async () => {
    const rec = errorLog({}, [], {
      attributes: [
        { key: 's', value: { stringValue: 'x' } },
        { key: 'i', value: { intValue: '9007199254740991' } },
        { key: 'd', value: { doubleValue: 1.5 } },
        { key: 'b', value: { boolValue: false } },
        { key: 'a', value: { arrayValue: { values: [{ intValue: 1 }, { stringValue: 'two' }] } } },
        { key: 'k', value: { kvlistValue: { values: [{ key: 'inner', value: { boolValue: true } }] } } },
      ],
      body: { kvlistValue: { values: [{ key: 'msg', value: { stringValue: 'structured' } }] } },
    })
    await post(c.url, '/v1/logs', encodeLogs(logsRequest([rec])))
    expect(c.logs[0].attributes).toEqual({ s: 'x', i: 9007199254740991, d: 1.5, b: false, a: [1, 'two'], k: { inner: true } })
    expect(c.logs[0].body).toEqual({ msg: 'structured' })
  })

  it('accepts /v3/segments (array) and /v3/segment (one object)', async () => {
    expect((await post(c.url, '/v3/segments', JSON.stringify([segment(), segment()]), JSON_CT)).status).toBe(200)
    expect((await post(c.url, '/v3/segment', JSON.stringify(segment()), JSON_CT)).status).toBe(200)
    expect(c.segments).toHaveLength(3)
    expect(c.segments[0].spans![0].componentId).toBe(10002)
    expect(c.batches.map((b) => [b.kind, b.count])).toEqual([['segments', 2], ['segments', 1]])
    expect((await post(c.url, '/v3/segments', JSON.stringify(segment()), JSON_CT)).status).toBe(400)
  })

  it('keeps SkyWalking browser protocol reports in c.browser', async () => {
    const err = { uniqueId: 'u1', service: 'demo-h5', serviceVersion: '1.0', pagePath: '/cart', category: 'js', grade: 'Error', message: 'x is not defined', line: 3, col: 9, stack: 'ReferenceError: x is not defined', errorUrl: 'https://h5.example.com/app.js' }
    expect((await post(c.url, '/browser/errorLogs', JSON.stringify([err]), JSON_CT)).status).toBe(200)
    expect((await post(c.url, '/browser/errorLog', JSON.stringify(err), { 'content-type': 'text/plain;charset=UTF-8' })).status).toBe(200)
    expect((await post(c.url, '/browser/perfData', JSON.stringify({ service: 'demo-h5', pagePath: '/cart', fptTime: 320, loadPageTime: 900 }), JSON_CT)).status).toBe(200)
    expect(c.browser.map((b) => b.path)).toEqual(['/browser/errorLogs', '/browser/errorLog', '/browser/perfData'])
    const s = c.state.snapshot()
    expect(s.errors[0]).toMatchObject({ type: 'js', message: 'x is not defined', platform: 'h5', count: 2 })
  })

  it("emits 'batch' and waitFor resolves on it", async () => {
    const seen: string[] = []
    c.on('batch', (b) => seen.push(b.kind))
    const waiting = c.waitFor((x) => x.logs.length === 2)
    await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog(), errorLog({ 'exception.type': 'promise' })])))
    await waiting
    expect(seen).toEqual(['logs'])
  })

  it('waitFor rejects with a message that shows what was received', async () => {
    await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog()])))
    await post(c.url, '/v1/logs', 'nope', PROTO)
    const err = await c.waitFor((x) => x.metrics.length > 0, 200).catch((e) => e as Error)
    expect(err).toBeInstanceOf(Error)
    expect(err!.message).toMatch(/within 200 ms/)
    expect(err!.message).toMatch(/1 logs/)
    expect(err!.message).toMatch(/POST \/v1\/logs → 400/)
  })

  it('keeps a bounded history and reset() clears everything', async () => {
    await c.close()
    c = await startCollector({ historyLimit: 3 })
    for (let i = 0; i < 5; i++) await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog({ 'exception.message': `m${i}` })])))
    expect(c.logs.map((l) => l.attributes['exception.message'])).toEqual(['m2', 'm3', 'm4'])
    expect(c.requests).toHaveLength(3)
    expect(c.batches).toHaveLength(3)
    const logs = c.logs
    c.faults.push({ status: 500 })
    c.reset()
    expect(logs).toHaveLength(0)
    expect(c.requests).toHaveLength(0)
    expect(c.faults).toHaveLength(0)
    expect(c.state.snapshot().counts.logs).toBe(0)
  })
})

describe('bad input never stops it', () => {
  it('answers 400 to malformed protobuf and keeps serving', async () => {
    const r = await post(c.url, '/v1/logs', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]))
    expect(r.status).toBe(400)
    expect(r.text).toMatch(/invalid protobuf/)
    expect((await post(c.url, '/v1/metrics', Buffer.from('definitely not protobuf'))).status).toBe(400)
    expect((await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog()])))).status).toBe(200)
    expect(c.logs).toHaveLength(1)
  })

  it('answers 400 to malformed JSON / wrong OTLP JSON shapes', async () => {
    for (const body of ['{', '[1,2]', '{"resourceLogs":"x"}', '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"soon"}]}]}]}', '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":"xyz"}]}]}]}']) {
      const r = await post(c.url, '/v1/logs', body, JSON_CT)
      expect(r.status, body).toBe(400)
    }
    expect((await post(c.url, '/v3/segments', '[{', JSON_CT)).status).toBe(400)
    expect((await post(c.url, '/v3/segments', '[1]', JSON_CT)).status).toBe(400)
    expect((await post(c.url, '/v1/logs', gzip('{'), { ...JSON_CT, 'content-encoding': 'gzip' })).status).toBe(400)
    expect((await post(c.url, '/v1/logs', 'not gzip at all', { ...JSON_CT, 'content-encoding': 'gzip' })).status).toBe(400)
    expect((await post(c.url, '/v1/logs', JSON.stringify(logsRequest([errorLog()])), JSON_CT)).status).toBe(200)
  })

  it('answers 415 to unsupported content types and encodings, 404 / 405 to wrong paths and methods', async () => {
    expect((await post(c.url, '/v1/logs', 'x', { 'content-type': 'text/xml' })).status).toBe(415)
    expect((await post(c.url, '/v1/logs', 'x', {})).status).toBe(415)
    expect((await post(c.url, '/v1/logs', '{}', { ...JSON_CT, 'content-encoding': 'br' })).status).toBe(415)
    expect((await post(c.url, '/v3/segments', '[]', PROTO)).status).toBe(415)
    expect((await post(c.url, '/v1/traces', 'x')).status).toBe(404)
    const get = await fetch(c.url + '/v1/logs')
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toMatch(/POST/)
    expect((await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog()])))).status).toBe(200)
  })

  it('answers 413 past maxBodyBytes, checked while streaming (chunked, no Content-Length)', async () => {
    await c.close()
    c = await startCollector({ maxBodyBytes: 1024 })
    // declared length
    expect((await post(c.url, '/v1/logs', Buffer.alloc(4096, 1))).status).toBe(413)
    // streamed without a length: the limit is enforced on the bytes as they arrive
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(c.url + '/v1/logs', { method: 'POST', headers: PROTO }, (res) => {
        res.resume()
        resolve(res.statusCode!)
      })
      req.on('error', reject)
      for (let i = 0; i < 8; i++) req.write(Buffer.alloc(512, 2))
      req.end()
    })
    expect(status).toBe(413)
    // a gzip bomb is refused once decompressed
    const bomb = gzip(Buffer.alloc(100_000, 0))
    expect(bomb.length).toBeLessThan(1024)
    const r = await post(c.url, '/v1/logs', bomb, { ...PROTO, 'content-encoding': 'gzip' })
    expect(r.status).toBe(413)
    expect(r.text).toMatch(/decompressed/)
    expect((await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog()])))).status).toBe(200)
  })

  it('drops slow-loris clients (header and body timeouts) while serving others', async () => {
    const started = Date.now()
    // headers never finish
    const slowHeaders = rawRequest(c.port, 'POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n')
    // body never finishes
    const slowBody = rawRequest(c.port, 'POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\nContent-Length: 100\r\n\r\nabc')
    expect((await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog()])))).status).toBe(200)
    const [a, b] = await Promise.all([slowHeaders, slowBody])
    expect(Date.now() - started).toBeLessThan(6000)
    expect(a).toMatch(/^HTTP\/1\.1 408/)
    expect(b).toMatch(/^HTTP\/1\.1 408/)
    expect((await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog()])))).status).toBe(200)
    expect(c.logs).toHaveLength(2)
  })

  it('survives garbage on the socket', async () => {
    const out = await rawRequest(c.port, Buffer.from('\x16\x03\x01\x02\x00garbage\r\n\r\n'))
    expect(out).toMatch(/400/)
    expect((await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog()])))).status).toBe(200)
  })
})

describe('CORS', () => {
  it('answers OPTIONS preflight allowing any origin and the sw8 / content-type headers', async () => {
    const r = await fetch(c.url + '/v1/logs', {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:10086', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,sw8' },
    })
    expect(r.status).toBe(204)
    expect(r.headers.get('access-control-allow-origin')).toBe('http://localhost:10086')
    expect(r.headers.get('access-control-allow-methods')).toMatch(/POST/)
    expect(r.headers.get('access-control-allow-headers')).toMatch(/sw8/)
    expect(r.headers.get('access-control-allow-headers')).toMatch(/content-type/)
    const plain = await fetch(c.url + '/v3/segments', { method: 'OPTIONS' })
    expect(plain.headers.get('access-control-allow-origin')).toBe('*')
    expect(plain.headers.get('access-control-allow-headers')).toMatch(/sw8/)
    const post2 = await fetch(c.url + '/v3/segments', { method: 'POST', body: '[]', headers: { ...JSON_CT, Origin: 'http://h5.local' } })
    expect(post2.headers.get('access-control-allow-origin')).toBe('http://h5.local')
    expect(c.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['OPTIONS 204', 'OPTIONS 204', 'POST 200'])
    expect(c.requests[0].headers['access-control-request-headers']).toBe('content-type,sw8')
  })
})

describe('faults', () => {
  const body = () => encodeLogs(logsRequest([errorLog()]))

  it('answers with an injected status and Retry-After, then recovers; the refused data is not kept', async () => {
    c.faults.push({ status: 503, headers: { 'Retry-After': '7' }, times: 2 })
    const a = await post(c.url, '/v1/logs', body())
    const b = await post(c.url, '/v1/logs', body())
    const d = await post(c.url, '/v1/logs', body())
    expect([a.status, b.status, d.status]).toEqual([503, 503, 200])
    expect(a.headers.get('retry-after')).toBe('7')
    expect(c.logs).toHaveLength(1)
    expect(c.requests.map((r) => r.status)).toEqual([503, 503, 200])
    expect(c.faults).toHaveLength(0)
  })

  it('applies path-specific faults only to that path, in order', async () => {
    c.faults.push({ status: 429, path: '/v1/metrics' }, { status: 500 })
    expect((await post(c.url, '/v1/logs', body())).status).toBe(500)
    expect((await post(c.url, '/v1/logs', body())).status).toBe(200)
    expect((await post(c.url, '/v1/metrics', encodeMetrics(metricsRequest([gauge('miniprogram.app_launch.duration', 1)])))).status).toBe(429)
  })

  it('delays the answer', async () => {
    c.faults.push({ delayMs: 300 })
    const t = Date.now()
    expect((await post(c.url, '/v1/logs', body())).status).toBe(200)
    expect(Date.now() - t).toBeGreaterThanOrEqual(280)
    expect(c.logs).toHaveLength(1)
  })

  it('custom body and status', async () => {
    c.faults.push({ status: 400, body: 'nope' })
    const r = await post(c.url, '/v1/logs', body())
    expect(r).toMatchObject({ status: 400, text: 'nope' })
  })

  it('resets the connection mid-request, at once, or mid-response; the server keeps serving', async () => {
    c.faults.push({ resetAfterBytes: 10 })
    await expect(post(c.url, '/v1/logs', Buffer.concat([Buffer.from(body()), Buffer.alloc(64 * 1024)]))).rejects.toThrow()
    c.faults.push({ resetAfterBytes: 0 })
    await expect(post(c.url, '/v1/logs', body())).rejects.toThrow()
    c.faults.push({ resetAfterBytes: 1_000_000 })
    await expect(post(c.url, '/v1/logs', body())).rejects.toThrow()
    expect((await post(c.url, '/v1/logs', body())).status).toBe(200)
    expect(c.logs).toHaveLength(1)
    await c.waitFor((x) => x.requests.length === 4)
    expect(c.requests.map((r) => r.status)).toEqual([0, 0, 0, 200])
  })
})

describe('resource helpers', () => {
  it('fixture resource has the DESIGN attributes', () => {
    expect(Object.keys(resource())).toContain('miniprogram.platform')
  })
})
