import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { checkContract, startCollector, type Collector, type ContractReport } from '../src/index'
import {
  encodeLogs, encodeMetrics, errorLog, gauge, histogram, JSON_CT, logsRequest, metricsRequest, post, resource, segment,
} from './fixtures'

let c: Collector
beforeAll(async () => {
  c = await startCollector()
})
afterAll(async () => {
  await c.close()
})
beforeEach(() => c.reset())

async function checkMetrics(metrics: object[], res = resource()): Promise<ContractReport> {
  const r = await post(c.url, '/v1/metrics', encodeMetrics(metricsRequest(metrics, res)))
  expect(r.status).toBe(200)
  return c.batches[c.batches.length - 1].check
}

async function checkLogs(records: object[], res = resource()): Promise<ContractReport> {
  const r = await post(c.url, '/v1/logs', encodeLogs(logsRequest(records, res)))
  expect(r.status).toBe(200)
  return c.batches[c.batches.length - 1].check
}

async function checkSegments(segs: object[]): Promise<ContractReport> {
  const r = await post(c.url, '/v3/segments', JSON.stringify(segs), JSON_CT)
  expect(r.status).toBe(200)
  return c.batches[c.batches.length - 1].check
}

const codes = (r: ContractReport) => r.issues.map((i) => i.code)
const fed = (r: ContractReport) => r.fed.map((f) => f.metric).sort()
const LAUNCH = 'miniprogram.app_launch.duration'

describe('a correct batch', () => {
  it('feeds the WeChat service, instance and endpoint metrics with no warnings', async () => {
    const r = await checkMetrics([
      gauge(LAUNCH, 812),
      gauge('miniprogram.first_render.duration', 120),
      gauge('miniprogram.route.duration', 40),
      gauge('miniprogram.script.duration', 30),
      gauge('miniprogram.package_load.duration', 200),
      histogram(),
    ])
    expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([])
    expect(r.ok).toBe(true)
    expect(r.accepted).toBe(6)
    expect(r.ignored).toBe(0)
    expect(fed(r)).toEqual([
      'meter_wechat_mp_app_launch_duration',
      'meter_wechat_mp_endpoint_app_launch_duration',
      'meter_wechat_mp_endpoint_first_render_duration',
      'meter_wechat_mp_endpoint_request_cpm',
      'meter_wechat_mp_endpoint_request_duration_percentile',
      'meter_wechat_mp_first_render_duration',
      'meter_wechat_mp_instance_app_launch_duration',
      'meter_wechat_mp_instance_first_render_duration',
      'meter_wechat_mp_instance_package_load_duration',
      'meter_wechat_mp_instance_request_cpm',
      'meter_wechat_mp_instance_request_duration_percentile',
      'meter_wechat_mp_instance_route_duration',
      'meter_wechat_mp_instance_script_duration',
      'meter_wechat_mp_package_load_duration',
      'meter_wechat_mp_request_cpm',
      'meter_wechat_mp_request_duration_percentile',
      'meter_wechat_mp_route_duration',
      'meter_wechat_mp_script_duration',
    ])
    const launch = r.fed.find((f) => f.metric === 'meter_wechat_mp_app_launch_duration')!
    expect(launch).toMatchObject({ scope: 'service', layer: 'WECHAT_MINI_PROGRAM', count: 1 })
    expect(launch.rule).toMatch(/otel-rules\/miniprogram\/wechat-mini-program\.yaml$/)
  })

  it('feeds meter_alipay_mp_* for Alipay, which has no route/script/package_load rules', async () => {
    const r = await checkMetrics([gauge(LAUNCH, 700), gauge('miniprogram.route.duration', 40), histogram()], resource({ 'miniprogram.platform': 'alipay' }))
    expect(fed(r)).toContain('meter_alipay_mp_app_launch_duration')
    expect(fed(r)).toContain('meter_alipay_mp_endpoint_request_duration_percentile')
    expect(fed(r).some((m) => m.includes('route'))).toBe(false)
    expect(codes(r)).toContain('metric-not-for-platform')
    expect(r.ignored).toBe(1)
  })

  it('feeds error_count and the log entities for an error log', async () => {
    const r = await checkLogs([errorLog()])
    expect(r.ok).toBe(true)
    expect(fed(r)).toContain('meter_wechat_mp_error_count')
    expect(r.fed.find((f) => f.metric === 'meter_wechat_mp_error_count')!.rule).toMatch(/log-mal-rules\/miniprogram\.yaml$/)
    expect(r.accepted).toBe(1)
  })

  it('is exported as checkContract(batch) too', () => {
    const r = checkContract({ kind: 'metrics', metrics: [] })
    expect(r).toMatchObject({ kind: 'metrics', ok: true, accepted: 0, ignored: 0, fed: [], issues: [] })
  })
})

describe('error categories', () => {
  it('accepts the built-in categories and a caller\'s own short identifier, all counted by OAP', async () => {
    const types = ['js', 'promise', 'pageNotFound', 'manual', 'payment', 'TypeError', 'biz.order-submit_v2', 'x'.repeat(32)]
    const r = await checkLogs(types.map((t) => errorLog({ 'exception.type': t })))
    expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([])
    expect(r.ok).toBe(true)
    expect(r.accepted).toBe(types.length)
    expect(r.fed.find((f) => f.metric === 'meter_wechat_mp_error_count')!.count).toBe(types.length)
  })

  it('accepts a custom category from Alipay too', async () => {
    const r = await checkLogs([errorLog({ 'exception.type': 'manual' })], resource({ 'miniprogram.platform': 'alipay' }))
    expect(r.ok).toBe(true)
    expect(fed(r)).toContain('meter_alipay_mp_error_count')
  })
})

describe('catches each mistake', () => {
  it('no miniprogram.platform', async () => {
    const r = await checkMetrics([gauge(LAUNCH, 800)], resource({}, ['miniprogram.platform']))
    expect(codes(r)).toContain('missing-platform')
    expect(r.ok).toBe(false)
    expect(r.fed).toEqual([])
    expect(r.ignored).toBe(1)
    const logs = await checkLogs([errorLog()], resource({}, ['miniprogram.platform']))
    expect(codes(logs)).toContain('missing-platform')
    expect(logs.fed).toEqual([])
  })

  it("miniprogram.platform in the wrong case ('WeChat')", async () => {
    const r = await checkMetrics([gauge(LAUNCH, 800)], resource({ 'miniprogram.platform': 'WeChat' }))
    expect(codes(r)).toContain('platform-case')
    expect(r.fed).toEqual([])
  })

  it('miniprogram.platform on the log record instead of the resource', async () => {
    const r = await checkLogs([errorLog({ 'miniprogram.platform': 'wechat' })], resource({}, ['miniprogram.platform']))
    expect(codes(r)).toContain('platform-on-log')
  })

  it('no service.name', async () => {
    const r = await checkMetrics([gauge(LAUNCH, 800)], resource({}, ['service.name']))
    expect(codes(r)).toContain('missing-service-name')
    expect(r.fed).toEqual([])
  })

  it('no service.instance.id: no instance metrics', async () => {
    const r = await checkMetrics([gauge(LAUNCH, 800)], resource({}, ['service.instance.id']))
    expect(codes(r)).toContain('missing-instance')
    expect(fed(r)).toEqual(['meter_wechat_mp_app_launch_duration', 'meter_wechat_mp_endpoint_app_launch_duration'])
  })

  it('no miniprogram.page.path on a point: no endpoint metrics', async () => {
    const r = await checkMetrics([gauge(LAUNCH, 800, {})])
    expect(r.issues.find((i) => i.code === 'missing-page-path')).toMatchObject({ metric: LAUNCH, severity: 'warn' })
    expect(fed(r).some((m) => m.includes('endpoint'))).toBe(false)
  })

  it('non-integer histogram bounds', async () => {
    const r = await checkMetrics([histogram([1, 1, 1, 0, 0, 0, 0], undefined, { bounds: [12.5, 100, 200, 500, 1000, 3000] })])
    expect(codes(r)).toContain('bounds-not-integer')
  })

  it('non-DELTA (cumulative) histogram', async () => {
    const r = await checkMetrics([histogram(undefined, undefined, { temporality: 2 })])
    expect(r.issues.find((i) => i.code === 'histogram-not-delta')!.message).toMatch(/CUMULATIVE/)
    expect(r.fed).toEqual([])
  })

  it('bucket_counts length ≠ bounds + 1', async () => {
    const r = await checkMetrics([histogram([1, 2, 3], undefined, { bounds: [50, 100, 200] })])
    expect(codes(r)).toContain('bucket-counts-length')
  })

  it('gauge value not an integer number of ms (fractional, or sent as asDouble)', async () => {
    const r = await checkMetrics([gauge(LAUNCH, 812.7)])
    expect(r.issues.find((i) => i.code === 'gauge-not-integer')!.message).toMatch(/not an integer/)
    const r2 = await checkMetrics([{ name: LAUNCH, unit: 'ms', gauge: { dataPoints: [{ timeUnixNano: '1760000000000000000', asDouble: 812, attributes: [] }] } }])
    expect(r2.issues.find((i) => i.code === 'gauge-not-integer')!.message).toMatch(/asDouble/)
  })

  it('missing timeUnixNano (metric point and log)', async () => {
    const r = await checkMetrics([gauge(LAUNCH, 800, undefined, { timeUnixNano: '0' })])
    expect(codes(r)).toContain('missing-time')
    expect(r.fed).toEqual([])
    const l = await checkLogs([errorLog({}, [], { timeUnixNano: undefined })])
    expect(codes(l)).toContain('missing-time')
  })

  it('log without exception.type (would land in GENERAL)', async () => {
    const r = await checkLogs([errorLog({}, ['exception.type'])])
    const issue = r.issues.find((i) => i.code === 'log-missing-exception-type')!
    expect(issue.severity).toBe('error')
    expect(issue.message).toMatch(/GENERAL/)
    expect(r.ignored).toBe(1)
    expect(r.fed).toEqual([])
  })

  it('empty exception.type: LAL aborts, the log would land in GENERAL', async () => {
    const r = await checkLogs([errorLog({ 'exception.type': '' })])
    expect(r.issues.find((i) => i.code === 'log-missing-exception-type')).toMatchObject({ severity: 'error', index: 0 })
    expect(r.fed).toEqual([])
    expect(r.ignored).toBe(1)
  })

  it('malformed exception.type: too long, spaces or punctuation, not a string', async () => {
    const bad = ['x'.repeat(33), 'TypeError: boom', 'payment failed', 'js/promise', '类型']
    for (const t of bad) {
      const r = await checkLogs([errorLog({ 'exception.type': t })])
      const issue = r.issues.find((i) => i.code === 'exception-type-malformed')
      expect(issue, t).toMatchObject({ severity: 'warn' })
      // OAP still counts a non-empty type: the log feeds error_count, under a label of its own
      expect(fed(r), t).toContain('meter_wechat_mp_error_count')
    }
    const n = await checkLogs([errorLog({ 'exception.type': 3 })])
    expect(n.issues.find((i) => i.code === 'exception-type-malformed')!.message).toMatch(/number/)
  })

  it('error log with an empty body (OAP would store an empty text log)', async () => {
    for (const body of [{ stringValue: '' }, { stringValue: '   ' }, undefined]) {
      const r = await checkLogs([errorLog({}, [], { body })])
      expect(r.issues.find((i) => i.code === 'log-body-empty'), JSON.stringify(body)).toMatchObject({ severity: 'warn', index: 0 })
      expect(codes(r)).not.toContain('log-body-not-string')
      expect(r.ok).toBe(false)
    }
    expect(codes(await checkLogs([errorLog()]))).not.toContain('log-body-empty')
  })

  it('ajax error without its method or server', async () => {
    const r = await checkLogs([errorLog({ 'exception.type': 'ajax' })])
    expect(r.issues.find((i) => i.code === 'ajax-missing-http')).toMatchObject({ severity: 'warn', index: 0 })
    expect(r.issues.find((i) => i.code === 'ajax-missing-http')!.message).toMatch(/without http\.request\.method, server\.address/)
    expect(r.ok).toBe(false)
    const noServer = await checkLogs([errorLog({ 'exception.type': 'ajax', 'http.request.method': 'GET', 'http.response.status_code': 502 })])
    expect(noServer.issues.find((i) => i.code === 'ajax-missing-http')!.message).toMatch(/without server\.address: OAP's log tags server\.address/)
  })

  it('ajax error of a request that got no response: no status, still clean; noted once per run', async () => {
    // a network failure or a timeout: OTel sends http.response.status_code only when a response came, and OAP's
    // LAL stores and counts the log with an empty http.status tag
    const failed = (n: number) =>
      errorLog({ 'exception.type': 'ajax', 'exception.message': `GET https://api.example.com/items/${n} request:fail timeout`, 'http.request.method': 'GET', 'server.address': 'api.example.com' }, ['exception.stacktrace'])
    const first = await checkLogs([failed(1), failed(2)])
    expect(first.ok).toBe(true)
    expect(first.issues.filter((i) => i.severity !== 'info')).toEqual([])
    expect(first.issues.filter((i) => i.code === 'ajax-no-status')).toMatchObject([{ severity: 'info', index: 0 }])
    expect(fed(first)).toContain('meter_wechat_mp_error_count')
    expect(first.accepted).toBe(2)
    const again = await checkLogs([failed(3)])
    expect(again.ok).toBe(true)
    expect(codes(again)).not.toContain('ajax-no-status')
    // with a status (an HTTP error answer) there is nothing to note
    c.reset()
    const answered = await checkLogs([errorLog({ 'exception.type': 'ajax', 'http.request.method': 'GET', 'http.response.status_code': 404, 'server.address': 'api.example.com' })])
    expect(answered.ok).toBe(true)
    expect(codes(answered).filter((k) => k.startsWith('ajax'))).toEqual([])
  })

  it('a service.layer attribute present', async () => {
    const r = await checkMetrics([gauge(LAUNCH, 800)], resource({ 'service.layer': 'GENERAL' }))
    expect(codes(r)).toContain('service-layer-present')
    expect(r.ok).toBe(false)
  })

  it('service name too long (> 70)', async () => {
    const r = await checkMetrics([gauge(LAUNCH, 800)], resource({ 'service.name': 'x'.repeat(71) }))
    expect(codes(r)).toContain('service-name-too-long')
  })

  it('instance name too long (> 70)', async () => {
    const r = await checkMetrics([gauge(LAUNCH, 800)], resource({ 'service.instance.id': 'v'.repeat(71) }))
    expect(codes(r)).toContain('instance-too-long')
  })

  it('page path too long (> 150)', async () => {
    const r = await checkMetrics([gauge(LAUNCH, 800, { 'miniprogram.page.path': 'pages/' + 'a'.repeat(150) })])
    expect(codes(r)).toContain('page-path-too-long')
  })

  it('log that is not ERROR severity, body not a string, duplicate keys', async () => {
    const rec = errorLog({}, [], { severityNumber: 9, severityText: 'INFO', body: { intValue: 3 } })
    ;(rec.attributes as object[]).push({ key: 'exception.type', value: { stringValue: 'js' } })
    const r = await checkLogs([rec])
    expect(codes(r)).toEqual(expect.arrayContaining(['log-not-error', 'log-body-not-string', 'duplicate-attribute']))
  })

  it('request histogram sent as a gauge, unknown metric names', async () => {
    const r = await checkMetrics([gauge('miniprogram.request.duration', 120), gauge('miniprogram.first_paint.time', 1760000000000)])
    expect(codes(r)).toEqual(expect.arrayContaining(['metric-wrong-type', 'metric-unused']))
    expect(r.fed).toEqual([])
  })

  it('device identifiers as metric labels', async () => {
    const r = await checkMetrics([gauge(LAUNCH, 800, { 'miniprogram.page.path': 'pages/index/index', 'device.id': 'abc' })])
    expect(codes(r)).toContain('device-id-label')
  })
})

describe('segments', () => {
  it('a correct segment is accepted', async () => {
    const r = await checkSegments([segment()])
    expect(r.issues).toEqual([])
    expect(r.accepted).toBe(1)
    expect(r.fed[0].layer).toBe('WECHAT_MINI_PROGRAM')
  })

  it('wrong componentId', async () => {
    expect(codes(await checkSegments([segment({}, { componentId: 10004 })]))).toContain('segment-component')
    expect(codes(await checkSegments([segment({}, { componentId: '10002' })]))).toContain('segment-component')
    expect(codes(await checkSegments([segment({}, { componentId: 10003 })]))).toContain('segment-component-platform')
    expect(codes(await checkSegments([segment({}, { componentId: 10001 })]))).toContain('segment-component-platform')
  })

  const tagged = (platform: string, componentId: number) => segment({}, { componentId }, [
    { key: 'http.method', value: 'GET' },
    { key: 'url', value: 'https://api.example.com/items/42' },
    { key: 'http.status_code', value: '200' },
    { key: 'miniprogram.platform', value: platform },
  ])

  it('componentId per platform: 10002 WeChat, 10003 Alipay, 10001 every other platform', async () => {
    const others = ['bytedance', 'lark', 'baidu', 'qq', 'dingtalk', 'kuaishou', 'jd', 'xiaohongshu', 'web']
    const r = await checkSegments([tagged('wechat', 10002), tagged('alipay', 10003), ...others.map((p) => tagged(p, 10001))])
    expect(r.issues).toEqual([])
    expect(r.accepted).toBe(2 + others.length)
    // one batch mixing platforms: each segment counted under its own layer
    const traces = Object.fromEntries(r.fed.filter((f) => f.metric.startsWith('trace (segment, ') && f.scope === 'service').map((f) => [f.metric, [f.layer, f.count]]))
    expect(traces).toEqual({
      'trace (segment, WECHAT_MINI_PROGRAM)': ['WECHAT_MINI_PROGRAM', 1],
      'trace (segment, ALIPAY_MINI_PROGRAM)': ['ALIPAY_MINI_PROGRAM', 1],
      'trace (segment, GENERAL)': ['GENERAL', others.length],
    })
  })

  it("another platform borrowing WeChat's or Alipay's id is flagged", async () => {
    for (const [platform, id] of [['bytedance', 10002], ['qq', 10002], ['dingtalk', 10003], ['web', 10003]] as const) {
      const r = await checkSegments([tagged(platform, id)])
      const issue = r.issues.find((i) => i.code === 'segment-component-platform')
      expect(issue, `${platform} ${id}`).toMatchObject({ severity: 'error', index: 0 })
      expect(issue!.message).toContain('expected 10001')
      expect(issue!.message).toMatch(/never borrow/)
      expect(r.ok).toBe(false)
    }
  })

  it('WeChat or Alipay with the generic id, or with each other\'s, is flagged', async () => {
    const generic = await checkSegments([tagged('alipay', 10001)])
    expect(generic.issues.find((i) => i.code === 'segment-component-platform')!.message).toMatch(/expected 10003.*generic ajax/)
    const swapped = await checkSegments([tagged('wechat', 10003)])
    expect(swapped.issues.find((i) => i.code === 'segment-component-platform')!.message).toMatch(/expected 10002.*never swap/)
  })

  it('without a platform tag only the id itself is checked', async () => {
    const r = await checkSegments([segment({}, { componentId: 10001 }, [
      { key: 'http.method', value: 'GET' }, { key: 'url', value: 'https://api.example.com/items/42' }, { key: 'http.status_code', value: '200' },
    ])])
    expect(codes(r)).toEqual(['segment-missing-tag'])
  })

  it('spanType not Exit', async () => {
    expect(codes(await checkSegments([segment({}, { spanType: 'Entry' })]))).toContain('segment-span-type')
  })

  it('spanLayer not Http', async () => {
    expect(codes(await checkSegments([segment({}, { spanLayer: 'RPCFramework' })]))).toContain('segment-span-layer')
  })

  it('missing or malformed peer', async () => {
    expect(codes(await checkSegments([segment({}, { peer: '' })]))).toContain('segment-peer')
    expect(codes(await checkSegments([segment({}, { peer: 'https://api.example.com/items' })]))).toContain('segment-peer')
    expect(codes(await checkSegments([segment({}, { peer: 'api.example.com:8443' })]))).not.toContain('segment-peer')
  })

  it('missing tags, url with a query string, non-string tag values', async () => {
    const r = await checkSegments([segment({}, {}, [
      { key: 'http.method', value: 'GET' },
      { key: 'url', value: 'https://api.example.com/items?id=1' },
      { key: 'http.status_code', value: 200 as unknown as string },
    ])])
    expect(codes(r)).toEqual(expect.arrayContaining(['segment-missing-tag', 'segment-url-query', 'segment-tag-value']))
  })

  it('missing fields, wrong span ids, bad times', async () => {
    const r = await checkSegments([segment({ serviceInstance: '' }, { spanId: 1, startTime: 1760000000, endTime: 1759999999 })])
    expect(codes(r)).toEqual(expect.arrayContaining(['segment-missing-field', 'segment-span-ids', 'segment-time']))
    expect(r.ignored).toBe(1)
  })
})
