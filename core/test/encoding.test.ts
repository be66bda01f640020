import { describe, expect, it } from 'vitest'
import { encodeLogs, encodeMetrics, logsJson, metricsJson, BOUNDS, type HistogramPoint } from '../src/exporters/otlp'
import type { ErrorEvent, GaugeEvent } from '../src/types'
import { attrs, decodeLogs, decodeMetrics } from './reference'

const resource = {
  'service.name': '小程序-shop',
  'service.instance.id': '1.4.2',
  'miniprogram.platform': 'wechat',
  'telemetry.sdk.name': 'minimon',
}

const time = Date.UTC(2026, 10, 25, 13, 51, 24, 789)

function error(over: Partial<ErrorEvent> = {}): ErrorEvent {
  return {
    kind: 'error',
    id: 'abc1',
    time,
    type: 'js',
    message: 'TypeError: cannot read 𝒙 of undefined — 页面',
    stack: 'at onLoad (pages/index/index.js:3:7)',
    page: 'pages/index/index',
    attributes: { 'http.response.status_code': 503, ratio: 0.25, cached: false },
    count: 1,
    ...over,
  }
}

describe('OTLP protobuf logs, decoded by the reference decoder', () => {
  it('carries resource, severity, body, timestamps and every error attribute', () => {
    const req = decodeLogs(encodeLogs({ resource, logs: [error(), error({ id: 'abc2', type: 'promise', count: 3 })] }))
    expect(req.resourceLogs).toHaveLength(1)
    const rl = req.resourceLogs[0]
    expect(attrs(rl.resource.attributes)).toEqual(resource)
    expect(rl.scopeLogs[0].scope).toMatchObject({ name: 'minimon', version: expect.any(String) })
    const [a, b] = rl.scopeLogs[0].logRecords
    expect(a.timeUnixNano).toBe(String(BigInt(time) * 1000000n))
    // observedTimeUnixNano would only repeat timeUnixNano
    expect(a.observedTimeUnixNano).toBeUndefined()
    expect(a.severityNumber).toBe(17)
    expect(a.severityText).toBe('ERROR')
    expect(a.body).toEqual({ stringValue: 'TypeError: cannot read 𝒙 of undefined — 页面' })
    expect(attrs(a.attributes)).toEqual({
      'exception.type': 'js',
      'exception.stacktrace': 'at onLoad (pages/index/index.js:3:7)',
      'miniprogram.page.path': 'pages/index/index',
      'log.record.uid': 'abc1',
      'http.response.status_code': 503,
      ratio: 0.25,
      cached: false,
    })
    // wire types: integers as intValue, not strings or doubles
    const status = a.attributes.find((kv: any) => kv.key === 'http.response.status_code')
    expect(status.value).toEqual({ intValue: '503' })
    const keys = a.attributes.map((kv: any) => kv.key)
    expect(new Set(keys).size).toBe(keys.length)
    expect(attrs(b.attributes)['exception.type']).toBe('promise')
    expect(attrs(b.attributes)['exception.count']).toBe(3)
  })

  it('encodes timestamps exactly across the whole epoch range', () => {
    for (const t of [0, 1, 65535, 65536, 4294967295, 4294967296, time, 9999999999999]) {
      const req = decodeLogs(encodeLogs({ resource, logs: [error({ time: t })] }))
      expect(req.resourceLogs[0].scopeLogs[0].logRecords[0].timeUnixNano ?? '0').toBe(String(BigInt(t) * 1000000n))
    }
  })

  it('writes lone surrogates as U+FFFD, like any UTF-8 encoder', () => {
    const req = decodeLogs(encodeLogs({ resource, logs: [error({ message: 'a\ud800b\udc00c' })] }))
    expect(req.resourceLogs[0].scopeLogs[0].logRecords[0].body.stringValue).toBe('a\ufffdb\ufffdc')
  })

  it('JSON encoding has the same content in OTLP/JSON form', () => {
    const json = JSON.parse(logsJson({ resource, logs: [error()] }))
    const rec = json.resourceLogs[0].scopeLogs[0].logRecords[0]
    expect(rec.timeUnixNano).toBe(String(BigInt(time) * 1000000n))
    expect(rec.severityNumber).toBe(17)
    expect(rec.body).toEqual({ stringValue: error().message })
    expect(attrs(rec.attributes)).toEqual(attrs(decodeLogs(encodeLogs({ resource, logs: [error()] })).resourceLogs[0].scopeLogs[0].logRecords[0].attributes))
  })
})

describe('OTLP protobuf metrics, decoded by the reference decoder', () => {
  const gauges: GaugeEvent[] = [
    { kind: 'gauge', id: 'g1', time, name: 'miniprogram.app_launch.duration', value: 812, page: 'pages/index/index' },
    { kind: 'gauge', id: 'g2', time: time + 1, name: 'miniprogram.first_render.duration', value: 233, page: 'pages/list/list' },
    { kind: 'gauge', id: 'g3', time: time + 2, name: 'miniprogram.app_launch.duration', value: 640, page: 'pages/index/index' },
  ]
  const histogram: HistogramPoint[] = [
    {
      kind: 'histogram',
      id: 'h1',
      start: time - 5000,
      time,
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200, 'server.address': 'api.example.com', 'url.path.group': '/users/{id}', 'miniprogram.page.path': 'pages/list/list' },
      counts: [0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 1],
      count: 4,
      sum: 12345.5,
      min: 12,
      max: 11000,
    },
  ]

  it('gauges: one metric per name, integer points with page path and time', () => {
    const req = decodeMetrics(encodeMetrics({ resource, gauges, histogram: [], sums: [] }))
    const metrics = req.resourceMetrics[0].scopeMetrics[0].metrics
    expect(metrics.map((m: any) => m.name)).toEqual(['miniprogram.app_launch.duration', 'miniprogram.first_render.duration'])
    const launch = metrics[0]
    expect(launch.unit).toBe('ms')
    expect(launch.gauge.dataPoints).toHaveLength(2)
    expect(launch.gauge.dataPoints[0]).toMatchObject({ asInt: '812', timeUnixNano: String(BigInt(time) * 1000000n) })
    expect(attrs(launch.gauge.dataPoints[0].attributes)).toEqual({ 'miniprogram.page.path': 'pages/index/index' })
  })

  it('histogram: DELTA, explicit integer bounds, bounds+1 bucket counts, count/sum/min/max', () => {
    const req = decodeMetrics(encodeMetrics({ resource, gauges: [], histogram, sums: [] }))
    const m = req.resourceMetrics[0].scopeMetrics[0].metrics[0]
    expect(m.name).toBe('miniprogram.request.duration')
    expect(m.histogram.aggregationTemporality).toBe(1)
    const p = m.histogram.dataPoints[0]
    expect(p.explicitBounds).toEqual(BOUNDS)
    expect(p.bucketCounts).toEqual(['0', '1', '0', '2', '0', '0', '0', '0', '0', '0', '1'])
    expect(p.bucketCounts).toHaveLength(BOUNDS.length + 1)
    expect(p).toMatchObject({ count: '4', sum: 12345.5, min: 12, max: 11000 })
    expect(p.startTimeUnixNano).toBe(String(BigInt(time - 5000) * 1000000n))
    expect(attrs(p.attributes)).toEqual(histogram[0].attributes)
  })

  it('JSON metrics match the protobuf content', () => {
    const json = JSON.parse(metricsJson({ resource, gauges, histogram, sums: [] }))
    const proto = decodeMetrics(encodeMetrics({ resource, gauges, histogram, sums: [] }))
    const norm = (req: any) =>
      req.resourceMetrics[0].scopeMetrics[0].metrics.map((m: any) => ({
        name: m.name,
        points: (m.gauge ?? m.histogram).dataPoints.map(({ exemplars, ...p }: any) => ({ ...p, attributes: attrs(p.attributes), bucketCounts: p.bucketCounts?.map(String) })),
      }))
    expect(norm(json)).toEqual(norm(proto))
    expect(json.resourceMetrics[0].scopeMetrics[0].metrics[2].histogram.aggregationTemporality).toBe(1)
  })
})
