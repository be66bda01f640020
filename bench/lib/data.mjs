// Deterministic, realistic benchmark data: error logs (messages, ~0.6 KB stacks, some non-ASCII) and request
// histograms + perf gauges, in core's shape and in the OpenTelemetry SDK's shape (ReadableLogRecord,
// ResourceMetrics) carrying the same content.

/** mulberry32: a small seeded PRNG, so every run encodes the same bytes. */
export function rng(seed = 42) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const NOW = Date.UTC(2026, 10, 25, 6, 30, 0, 123)

export const RESOURCE = {
  'service.name': 'shop-mini-program',
  'service.instance.id': '2.14.3',
  'miniprogram.platform': 'wechat',
  'telemetry.sdk.name': 'minimon',
  'telemetry.sdk.version': '0.1.0',
  'service.version': '2.14.3',
}

const PAGES = ['pages/index/index', 'pages/cart/cart', 'pages/goods/detail', 'pages/user/center', 'pages/order/list', 'packageA/pages/coupon/coupon']
const FILES = ['app-service.js', 'pages/cart/cart.js', 'pages/goods/detail.js', 'common/vendor.js', 'utils/request.js', 'components/sku-panel/index.js']
const FUNCS = ['onLoad', 'onShow', 'onTapBuy', 'renderList', 'formatPrice', 'Component.methods.select', 'Promise.then', 'request.success', 'setData', 'n.<anonymous>']

const MESSAGES = [
  (r) => `TypeError: Cannot read properties of undefined (reading '${['price', 'skuId', 'avatarUrl', 'length'][Math.floor(r() * 4)]}')`,
  (r) => `ReferenceError: ${['userInfo', 'cartList', 'couponId'][Math.floor(r() * 3)]} is not defined`,
  (r) => `Error: 请求失败：网络超时 (errno ${Math.floor(r() * 900) + 100})，请稍后重试`,
  (r) => `TypeError: e.data.list.map is not a function at item ${Math.floor(r() * 5000)}`,
  (r) => `Error: 商品「${['夏季新款连衣裙', '有机草莓 500g', 'Café crème ☕'][Math.floor(r() * 3)]}」库存不足 😢`,
  (r) => `RangeError: Maximum call stack size exceeded (depth ${Math.floor(r() * 10000)})`,
  (r) => `Error: setData 数据传输长度为 ${Math.floor(r() * 2000) + 1024} KB，存在有性能问题！`,
  (r) => `TypeError: Cannot convert undefined or null to object in order ${Math.floor(r() * 1e9).toString(36)}`,
]

function stack(r, message, lines) {
  const out = [message]
  for (let i = 0; i < lines; i++) {
    const fn = FUNCS[Math.floor(r() * FUNCS.length)]
    const file = FILES[Math.floor(r() * FILES.length)]
    out.push(`    at ${fn} (weapp:///${file}:${Math.floor(r() * 3000) + 1}:${Math.floor(r() * 120) + 1})`)
  }
  return out.join('\n')
}

/** `n` ErrorEvents as core queues them (distinct messages, ~10% folded repeats with a count). */
export function errorEvents(n, seed = 1) {
  const r = rng(seed)
  const events = []
  for (let i = 0; i < n; i++) {
    const message = MESSAGES[i % MESSAGES.length](r)
    const type = i % 11 === 5 ? 'promise' : 'js'
    events.push({
      kind: 'error',
      id: 'k3x9f2a1' + i.toString(36),
      time: NOW - (n - i) * 997,
      type,
      message,
      stack: stack(r, message, 8),
      page: PAGES[i % PAGES.length],
      attributes: {},
      count: i % 10 === 3 ? 1 + (i % 7) : 1,
    })
  }
  return events
}

const hr = (ms) => [Math.floor(ms / 1000), (ms % 1000) * 1e6]

/**
 * The same logs as OpenTelemetry SDK ReadableLogRecords (what ProtobufLogsSerializer.serializeRequest takes):
 * same timestamps, severity, body and attributes (built by core's own logAttributes, so both carry the same keys).
 */
export function otelLogRecords(events, logAttributes) {
  const resource = { attributes: RESOURCE }
  const instrumentationScope = { name: 'minimon', version: '0.1.0' }
  return events.map((e) => ({
    hrTime: hr(e.time),
    hrTimeObserved: hr(e.time),
    severityNumber: 17,
    severityText: 'ERROR',
    body: e.message,
    attributes: logAttributes(e),
    droppedAttributesCount: 0,
    resource,
    instrumentationScope,
  }))
}

export const GAUGE_NAMES = [
  'miniprogram.app_launch.duration',
  'miniprogram.first_render.duration',
  'miniprogram.route.duration',
  'miniprogram.script.duration',
  'miniprogram.package_load.duration',
]

/** `gauges` GaugeEvents and `points` DELTA histogram points (one per attribute set), as core queues them. */
export function metricsBatch(points, gauges, bounds, seed = 7) {
  const r = rng(seed)
  const g = []
  for (let i = 0; i < gauges; i++) {
    g.push({ kind: 'gauge', id: 'g' + i, time: NOW - i * 1500, name: GAUGE_NAMES[i % GAUGE_NAMES.length], value: Math.floor(r() * 3000) + 40, page: PAGES[i % PAGES.length] })
  }
  const h = []
  const methods = ['GET', 'POST', 'PUT', 'DELETE']
  const hosts = ['api.shop.example.com', 'cdn.example.com', 'pay.example.cn', 'img.example.com']
  const groups = ['/v1/goods/{id}', '/v1/cart', '/v2/orders/{id}/items', '/v1/user/profile', '/v1/search', '/static/{id}.png', '/v1/coupons/list']
  const statuses = [200, 200, 200, 200, 201, 304, 404, 500]
  for (let i = 0; i < points; i++) {
    const counts = bounds.map(() => Math.floor(r() * 4)).concat(Math.floor(r() * 2))
    counts[3 + (i % 4)] += 1 + Math.floor(r() * 20)
    const count = counts.reduce((a, b) => a + b, 0)
    const min = 3 + Math.floor(r() * 10)
    const max = 300 + Math.floor(r() * 9000)
    const attributes = {
      'http.request.method': methods[i % methods.length],
      'server.address': hosts[i % hosts.length],
      'url.path.group': groups[i % groups.length],
      'miniprogram.page.path': PAGES[i % PAGES.length],
      'http.response.status_code': statuses[(i >> 2) % statuses.length],
      'server.port': 443,
    }
    h.push({ kind: 'histogram', id: 'h' + i, start: NOW - 5000, time: NOW, attributes, counts, count, sum: Math.round(count * (min + max) * 0.21), min, max })
  }
  return { resource: RESOURCE, gauges: g, histogram: h, sums: [] }
}

/**
 * The same batch as an OpenTelemetry SDK ResourceMetrics (what ProtobufMetricsSerializer.serializeRequest
 * takes). Gauges: one metric per name, INT values; histogram: DELTA temporality, the same bounds and counts.
 * `enums` are sdk-metrics' DataPointType / AggregationTemporality and api's ValueType.
 */
export function otelResourceMetrics(batch, bounds, histogramName, enums) {
  const { DataPointType, AggregationTemporality, ValueType } = enums
  const metrics = []
  const byName = {}
  for (const g of batch.gauges) (byName[g.name] = byName[g.name] || []).push(g)
  for (const name in byName) {
    metrics.push({
      descriptor: { name, description: '', unit: 'ms', valueType: ValueType.INT },
      aggregationTemporality: AggregationTemporality.DELTA,
      dataPointType: DataPointType.GAUGE,
      dataPoints: byName[name].map((g) => ({
        startTime: hr(g.time),
        endTime: hr(g.time),
        attributes: { 'miniprogram.page.path': g.page },
        value: g.value,
      })),
    })
  }
  metrics.push({
    descriptor: { name: histogramName, description: '', unit: 'ms', valueType: ValueType.INT },
    aggregationTemporality: AggregationTemporality.DELTA,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints: batch.histogram.map((p) => ({
      startTime: hr(p.start),
      endTime: hr(p.time),
      attributes: p.attributes,
      value: { buckets: { boundaries: bounds, counts: p.counts }, count: p.count, sum: p.sum, min: p.min, max: p.max },
    })),
  })
  return {
    resource: { attributes: batch.resource },
    scopeMetrics: [{ scope: { name: 'minimon', version: '0.1.0' }, metrics }],
  }
}
