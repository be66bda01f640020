// The native playground, built for WeChat and for Alipay, runs in the simulator through the demo's user
// journey against the real collector and its own API server on 127.0.0.1; everything it must report arrives
// decoded, with the right page paths, once.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// Node's own timers: while an app runs, the simulator's (suspendable) timers are the globals
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCollector, type Collector, type LogRecord, type MetricPoint, type SegmentObject } from '@minimon/collector'
import { createSim, type Sim } from '@minimon/sim'
// @ts-expect-error plain ESM module of the playground, without types
import { expects, journey, prepare, startApiServer } from '../demo.mjs'

type Platform = 'wechat' | 'alipay'
type Obj = Record<string, any>
const SERVICE = 'minimon-native-playground'

let collector: Collector
let api: { url: string; port: number; received: { method: string; url: string; headers: Obj; at: number }[]; close(): Promise<void> }
let out: string
let targets: { platform: Platform; dir: string }[]
const runs: Record<string, { logs: LogRecord[]; metrics: MetricPoint[]; segments: SegmentObject[]; steps: string[]; sims: Sim[] }> = {}

/** Plays the journey on one platform; keeps what the collector received meanwhile. */
async function play(platform: Platform, dir: string) {
  const run = { logs: [] as LogRecord[], metrics: [] as MetricPoint[], segments: [] as SegmentObject[], steps: [] as string[], sims: [] as Sim[] }
  runs[platform] = run
  const take = (b: { kind: string; count: number }) => {
    if (b.kind === 'logs') run.logs.push(...collector.logs.slice(-b.count))
    if (b.kind === 'metrics') run.metrics.push(...collector.metrics.slice(-b.count))
    if (b.kind === 'segments') run.segments.push(...collector.segments.slice(-b.count))
  }
  collector.on('batch', take)
  let sim = createSim({ platform })
  run.sims.push(sim)
  await sim.launch({ app: dir })
  const app = {
    get sim() {
      return sim
    },
    step: (text: string) => run.steps.push(text),
    pause: (ms: number) => sleep(ms),
    async coldStart(params: { path?: string } = {}) {
      await sim.hide()
      await sim.idle(300)
      sim.kill()
      sim = createSim({ platform, storage: sim.storage })
      run.sims.push(sim)
      await sim.launch({ app: dir, ...params })
    },
  }
  try {
    await journey(app)
    await sim.hide()
    await sim.idle()
    for (const until = Date.now() + 8000; missing(platform).length && Date.now() < until; ) await sleep(25)
  } finally {
    sim.kill()
    collector.off('batch', take)
  }
}

function ours(r: { resource: Obj }, platform: Platform) {
  return r.resource['service.name'] === SERVICE && r.resource['miniprogram.platform'] === platform
}

/** The expectations of demo.mjs that the run of `platform` did not meet. */
function missing(platform: Platform): Obj[] {
  const run = runs[platform]
  return (expects as Obj[]).filter((e) => {
    if (e.kind === 'error') return !run.logs.some((l) => ours(l, platform) && l.attributes['exception.type'] === e.type && (!e.page || l.attributes['miniprogram.page.path'] === e.page))
    if (e.kind === 'segment') return !run.segments.some((s) => s.spans?.some((sp) => sp.operationName === e.page))
    const type = e.kind === 'gauge' ? 'gauge' : 'histogram'
    return !run.metrics.some((m) => ours(m, platform) && m.type === type && m.name === e.name && (!e.page || m.attributes['miniprogram.page.path'] === e.page))
  })
}

beforeAll(async () => {
  collector = await startCollector({ port: 0 })
  api = await startApiServer({ latencyMs: [2, 10] })
  ;(globalThis as Obj).__MINIMON_PLAYGROUND__ = { collector: collector.url, api: api.url, flushInterval: 300 }
  out = mkdtempSync(join(tmpdir(), 'minimon-native-'))
  targets = await prepare({ out })
  for (const t of targets) await play(t.platform, t.dir)
}, 90_000)

afterAll(async () => {
  delete (globalThis as Obj).__MINIMON_PLAYGROUND__
  await collector?.close()
  await api?.close()
  if (out) rmSync(out, { recursive: true, force: true })
})

describe.each(['wechat', 'alipay'] as Platform[])('the native playground on %s', (platform) => {
  const run = () => runs[platform]
  const logs = (type: string) => run().logs.filter((l) => ours(l, platform) && l.attributes['exception.type'] === type)

  it('builds a real mini program directory for the platform and boots it from miniprogram_npm', () => {
    expect(targets.map((t) => t.platform)).toEqual(['wechat', 'alipay'])
    expect(run().steps.length).toBeGreaterThanOrEqual(6)
    // the app instance loaded its own copy of the packages (as after "Build npm"), not Node's
    expect(run().sims).toHaveLength(2)
  })

  it('delivers every signal the journey must produce, with the right page paths', () => {
    expect(missing(platform)).toEqual([])
  })

  it('launch, first render and route gauges are integer milliseconds on the pages they measure', () => {
    const gauges = run().metrics.filter((m) => ours(m, platform) && m.type === 'gauge')
    for (const name of ['miniprogram.app_launch.duration', 'miniprogram.first_render.duration', 'miniprogram.route.duration']) {
      const points = gauges.filter((g) => g.name === name)
      expect(points.length, name).toBeGreaterThan(0)
      for (const p of points) {
        expect(p.valueType).toBe('int')
        expect(p.value).toBeGreaterThanOrEqual(0)
        expect(p.value).toBeLessThan(10_000)
        expect(String(p.attributes['miniprogram.page.path'])).toMatch(/^pages\/(index|list|error|detail)\/index$/)
      }
    }
    expect(gauges.filter((g) => g.name === 'miniprogram.app_launch.duration').map((g) => g.attributes['miniprogram.page.path'])).toEqual(['pages/index/index'])
  })

  it('the request histogram is DELTA, per page and URL group, with the failures counted', () => {
    const points = run().metrics.filter((m) => ours(m, platform) && m.name === 'miniprogram.request.duration')
    expect(points.length).toBeGreaterThan(0)
    for (const p of points) {
      expect(p.type).toBe('histogram')
      expect(p.temporality).toBe(1)
      expect(p.bucketCounts!.length).toBe(p.explicitBounds!.length + 1)
      expect(p.count).toBe(p.bucketCounts!.reduce((a, b) => a + b, 0))
    }
    const onList = points.filter((p) => p.attributes['miniprogram.page.path'] === 'pages/list/index')
    expect(onList.reduce((n, p) => n + p.count!, 0)).toBe(4)
    const groups = onList.map((p) => p.attributes['url.path.group']).sort()
    expect(groups).toEqual(expect.arrayContaining(['/api/items', '/api/items/{id}', '/api/flaky']))
    expect(onList.find((p) => p.attributes['url.path.group'] === '/api/flaky')!.attributes['http.response.status_code']).toBe(500)
  })

  it('each error arrives once, with its type, page and details', () => {
    const js = logs('js')
    expect(js).toHaveLength(1)
    expect(js[0].body).toBe('Error: Checkout failed: cart is undefined')
    expect(js[0].attributes['exception.count']).toBeUndefined()
    expect(String(js[0].attributes['exception.stacktrace'])).toContain('checkout')

    const promise = logs('promise')
    expect(promise).toHaveLength(1)
    expect(promise[0].body).toBe('Error: Coupon service rejected: nobody handled this promise')
    expect(promise[0].attributes['miniprogram.page.path']).toBe('pages/error/index')

    const ajax = logs('ajax')
    expect(ajax).toHaveLength(2)
    const http500 = ajax.find((l) => l.attributes['http.response.status_code'] === 500)!
    expect(http500.attributes['http.request.method']).toBe('GET')
    expect(http500.attributes['server.address']).toBe('127.0.0.1')
    expect(http500.body).toContain('/api/flaky 500')
    const offline = ajax.find((l) => l !== http500)!
    expect(offline.attributes['http.response.status_code']).toBeUndefined()
    expect(offline.body).toContain('127.0.0.1:9/api/offline')
    for (const l of ajax) expect(l.attributes['miniprogram.page.path']).toBe('pages/list/index')

    const notFound = logs('pageNotFound').map((l) => [l.attributes['miniprogram.page.path'], l.body])
    expect(notFound).toEqual(
      expect.arrayContaining([
        ['pages/index/index', 'page not found: pages/missing/index'],
        ['pages/missing/index', 'page not found: pages/missing/index'],
      ]),
    )
    expect(notFound).toHaveLength(2)
    for (const l of run().logs) expect(l.severityText).toBe('ERROR')
  })

  it('traces: one segment per traced request, and the sw8 header reaches the app server', () => {
    const segments = run().segments.filter((s) => s.service === SERVICE && s.spans?.[0]?.componentId === (platform === 'wechat' ? 10002 : 10003))
    expect(segments.length).toBeGreaterThanOrEqual(5)
    const flaky = segments.find((s) => s.spans![0].tags?.some((t) => t.key === 'url' && String(t.value).endsWith('/api/flaky')))!
    expect(flaky.spans![0]).toMatchObject({ operationName: 'pages/list/index', spanType: 'Exit', spanLayer: 'Http', isError: true, peer: `127.0.0.1:${api.port}` })
    // the app server saw the header of that very segment
    const sw8 = api.received.map((r) => String(r.headers.sw8 || '')).filter(Boolean)
    const b64 = (s: string) => Buffer.from(s).toString('base64')
    expect(sw8.some((h) => h.startsWith(`1-${b64(flaky.traceId!)}-${b64(flaky.traceSegmentId!)}-0-${b64(SERVICE)}-`))).toBe(true)
  })

  it('every batch passes the OAP contract check and feeds the dashboards of the platform', () => {
    const errors = collector.batches.flatMap((b) => b.check.issues.filter((i) => i.severity === 'error'))
    expect(errors).toEqual([])
    const fed = new Set(collector.batches.flatMap((b) => b.check.fed.map((f) => f.metric)))
    const prefix = platform === 'wechat' ? 'meter_wechat_mp_' : 'meter_alipay_mp_'
    expect([...fed].filter((m) => m.startsWith(prefix)).length).toBeGreaterThan(3)
  })
})

describe('the API server', () => {
  it('every request of the app reached it; none carried a query string into the telemetry', () => {
    expect(api.received.filter((r) => r.url!.startsWith('/api/items')).length).toBeGreaterThanOrEqual(6)
    for (const s of collector.segments) for (const t of s.spans?.[0]?.tags ?? []) if (t.key === 'url') expect(String(t.value)).not.toContain('?')
  })
})
