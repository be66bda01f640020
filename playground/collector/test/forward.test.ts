import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startCollector, type Collector } from '../src/index'
import { encodeLogs, encodeMetrics, errorLog, gauge, gzip, JSON_CT, logsRequest, metricsRequest, PROTO, segment } from './fixtures'

interface Seen { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }

let target: http.Server
let targetUrl = ''
let seen: Seen[] = []
let answer: { status: number; body: string; headers?: Record<string, string> } = { status: 200, body: '' }
let c: Collector

beforeEach(async () => {
  seen = []
  answer = { status: 200, body: '' }
  target = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (d: Buffer) => chunks.push(d))
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) })
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...(answer.headers || {}) })
      res.end(answer.body)
    })
  })
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()))
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`
  c = await startCollector({ forward: targetUrl + '/oap' })
})
afterEach(async () => {
  await c.close()
  await new Promise<void>((r) => target.close(() => r()))
})

describe('--forward', () => {
  it('passes requests on unchanged (method, path, headers, raw bytes) and relays status and body', async () => {
    const body = gzip(encodeLogs(logsRequest([errorLog()])))
    answer = { status: 202, body: 'accepted by target', headers: { 'x-target': 'yes' } }
    const res = await fetch(c.url + '/v1/logs?x=1', { method: 'POST', body, headers: { ...PROTO, 'content-encoding': 'gzip', sw8: '1-abc', 'x-custom': 'kept' } })
    expect(res.status).toBe(202)
    expect(await res.text()).toBe('accepted by target')
    expect(res.headers.get('x-target')).toBe('yes')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(seen).toHaveLength(1)
    const s = seen[0]
    expect(s.method).toBe('POST')
    expect(s.url).toBe('/oap/v1/logs?x=1')
    expect(s.headers['content-type']).toBe('application/x-protobuf')
    expect(s.headers['content-encoding']).toBe('gzip')
    expect(s.headers['sw8']).toBe('1-abc')
    expect(s.headers['x-custom']).toBe('kept')
    expect(Buffer.compare(s.body, body)).toBe(0)
    // decoded locally as well, for the viewer
    expect(c.logs).toHaveLength(1)
    expect(c.requests[0]).toMatchObject({ status: 202, forwarded: true })
  })

  it('relays the target refusals (status, Retry-After) and keeps no data for them', async () => {
    answer = { status: 503, body: 'busy', headers: { 'retry-after': '3' } }
    const r = await fetch(c.url + '/v1/metrics', { method: 'POST', body: encodeMetrics(metricsRequest([gauge('miniprogram.app_launch.duration', 5)])), headers: PROTO })
    expect(r.status).toBe(503)
    expect(r.headers.get('retry-after')).toBe('3')
    expect(await r.text()).toBe('busy')
    expect(c.metrics).toHaveLength(0)
  })

  it('forwards JSON segments and bodies it cannot decode, byte for byte', async () => {
    const seg = JSON.stringify([segment()])
    expect((await fetch(c.url + '/v3/segments', { method: 'POST', body: seg, headers: JSON_CT })).status).toBe(200)
    expect(seen[0].body.toString()).toBe(seg)
    expect(c.segments).toHaveLength(1)
    answer = { status: 400, body: 'bad' }
    const junk = Buffer.from([1, 2, 3, 250])
    const r = await fetch(c.url + '/v1/logs', { method: 'POST', body: junk, headers: PROTO })
    expect(r.status).toBe(400)
    expect(Buffer.compare(seen[1].body, junk)).toBe(0)
    expect(c.requests[1].error).toMatch(/local decode/)
  })

  it('answers 502 when the target is down, and still applies faults first', async () => {
    c.faults.push({ status: 429, headers: { 'Retry-After': '1' } })
    expect((await fetch(c.url + '/v1/logs', { method: 'POST', body: encodeLogs(logsRequest([errorLog()])), headers: PROTO })).status).toBe(429)
    expect(seen).toHaveLength(0)
    await new Promise<void>((r) => target.close(() => r()))
    target = http.createServer()
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()))
    const r = await fetch(c.url + '/v1/logs', { method: 'POST', body: encodeLogs(logsRequest([errorLog()])), headers: PROTO })
    expect(r.status).toBe(502)
    expect(await r.text()).toMatch(/forward/)
  })
})
