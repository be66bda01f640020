// Property-based fuzzing of the public entry points: init with random configs, captureError with any value
// (and any attributes), lifecycle with random events/routes/times, and random sequences of flush, shutdown
// and init. The SDK must never throw into the app, must keep within its documented bounds, and must only
// ever produce bodies the reference decoder reads. FUZZ_RUNS sets the runs per property (full run: 10000).
import fc from 'fast-check'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSim } from '@minimon/sim'
import { createApi } from '../../src/api'
import { alipayHost } from '../../src/hosts/alipay'
import { wechatHost } from '../../src/hosts/wechat'
import { anyString, anyValue, RUNS, unbox, unwrap, withThrowingGetters } from './arbitraries'
import { COLLECTOR, FuzzApp, type Platform } from './app'
import { report } from './report'

const platforms: Platform[] = ['wechat', 'alipay']
// generous: the full run (10000 cases per property) takes minutes on a slow machine
const TIMEOUT = 60_000 + RUNS * 60

beforeEach(() => {
  // bad configs print one error each; debug configs log: keep the output readable
  vi.spyOn(console, 'error').mockImplementation(() => {})
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  vi.spyOn(console, 'log').mockImplementation(() => {})
})
afterEach(() => vi.restoreAllMocks())
afterAll(() => report())

const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: a }, { weight: 1, arbitrary: anyValue() })

const validConfigs = () =>
  fc.record(
    {
      service: fc.string({ minLength: 1, maxLength: 70 }).filter((x) => !!x.trim()),
      collector: fc.oneof(fc.constant(COLLECTOR), fc.webUrl({ withQueryParameters: true, withFragments: true })),
      encoding: fc.constantFrom('proto', 'json'),
      flushInterval: fc.integer({ min: 100, max: 3_600_000 }),
      maxQueue: fc.integer({ min: 10, max: 100_000 }),
      enable: fc.record({ error: fc.boolean(), perf: fc.boolean(), request: fc.boolean(), tracing: fc.boolean() }, { requiredKeys: [] }),
      request: fc.record({ maxGroups: fc.integer({ min: 1, max: 10_000 }), ignoreUrls: fc.array(fc.oneof(fc.domain(), fc.constant(/\/health/)), { maxLength: 3 }) }, { requiredKeys: [] }),
      tracing: fc.record({ sampleRate: fc.double({ min: 0, max: 1, noNaN: true }), propagateTo: fc.array(fc.domain(), { maxLength: 3 }) }, { requiredKeys: [] }),
      beforeSend: fc.func(fc.constantFrom(null, undefined, 0, 'x', {})),
      ignoreErrors: fc.array(fc.oneof(fc.string(), fc.constant(/boom/)), { maxLength: 3 }),
      debug: fc.boolean(),
    },
    { requiredKeys: ['service', 'collector'] },
  )

const configs = () =>
  fc.oneof(
    { weight: 1, arbitrary: anyValue() },
    { weight: 4, arbitrary: validConfigs() },
    {
      weight: 6,
      arbitrary: fc
        .record(
          {
            service: maybe(fc.oneof(fc.constant('svc'), fc.string({ unit: 'binary', maxLength: 90 }))),
            collector: maybe(fc.oneof(fc.constant(COLLECTOR), fc.webUrl(), fc.constant('http://127.0.0.1:1/?q=1#f'))),
            traceCollector: maybe(fc.webUrl()),
            serviceVersion: maybe(fc.string({ maxLength: 80 })),
            serviceInstance: maybe(fc.string({ maxLength: 80 })),
            platform: maybe(fc.constantFrom('wechat', 'alipay', 'web', 'tt', 'WECHAT')),
            encoding: maybe(fc.constantFrom('proto', 'json', 'xml')),
            flushInterval: maybe(fc.oneof(fc.integer({ min: -10, max: 4_000_000 }), fc.double())),
            maxQueue: maybe(fc.oneof(fc.integer({ min: -5, max: 200_000 }), fc.double())),
            enable: maybe(fc.record({ error: maybe(fc.boolean()), perf: maybe(fc.boolean()), request: maybe(fc.boolean()), tracing: maybe(fc.boolean()) }, { requiredKeys: [] })),
            request: maybe(
              fc.record(
                {
                  urlGroupRules: maybe(
                    fc.oneof(
                      fc.array(fc.record({ match: maybe(fc.oneof(fc.string(), fc.constant(/\/api\/\d+/g))), group: maybe(fc.string()) }), { maxLength: 4 }),
                      // mini-program-monitor's form, and near misses of it
                      fc.dictionary(fc.string({ maxLength: 80 }), fc.oneof(fc.constant(/\/api\/users\/\d+/), fc.string(), fc.anything()), { maxKeys: 4 }),
                    ),
                  ),
                  ignoreUrls: maybe(fc.array(fc.oneof(fc.string(), fc.constant(/x/)), { maxLength: 3 })),
                  maxGroups: maybe(fc.integer({ min: -1, max: 20_000 })),
                },
                { requiredKeys: [] },
              ),
            ),
            tracing: maybe(
              fc.record(
                {
                  sampleRate: maybe(fc.double()),
                  propagateTo: maybe(fc.array(fc.string(), { maxLength: 3 })),
                  urlBlacklist: maybe(fc.oneof(fc.array(fc.oneof(fc.string(), fc.constant(/\/heartbeat/)), { maxLength: 3 }), fc.anything())),
                  unknownTracingOption: fc.anything(),
                },
                { requiredKeys: [] },
              ),
            ),
            beforeSend: maybe(fc.func(anyValue())),
            ignoreErrors: maybe(fc.array(fc.oneof(fc.string(), fc.constant(/boom/g)), { maxLength: 3 })),
            debug: maybe(fc.boolean()),
            unknownOption: fc.anything(),
          },
          { requiredKeys: [] },
        )
        .chain((o) =>
          fc.subarray(Object.keys(o), { maxLength: Math.min(2, Object.keys(o).length) }).map((keys) => {
            const plain = unwrap(o) as Record<string, unknown>
            const given = o as Record<string, unknown>
            for (const k of ['enable', 'request', 'tracing']) if (k in given && plain[k] === given[k]) plain[k] = unwrap(given[k])
            return keys.length ? withThrowingGetters(plain, keys) : plain
          }),
        ),
    },
  )

describe.each(platforms)('public entry points on %s', (platform) => {
  it('init(random config) never throws: it runs, or says once what is wrong and runs disabled; shutdown restores everything', async () => {
    const sim = createSim({ platform, suspendAfterMs: 60_000 })
    const api = sim.api
    const originals = ['request', 'downloadFile', 'uploadFile'].map((n) => [n, api[n]] as const)
    for (const [n] of originals) api[n] = () => ({ abort() {} })
    const fakes = originals.map(([n]) => [n, api[n]] as const)
    const uninstall = sim.install()
    let runs = 0
    let enabled = 0
    try {
      await fc.assert(
        fc.asyncProperty(configs(), async (boxed) => {
          runs++
          const options = unbox(boxed)
          const error = vi.mocked(console.error)
          error.mockClear()
          const { init, shutdown, getMonitor } = createApi({ alipay: alipayHost, wechat: wechatHost })
          let m!: ReturnType<typeof init>
          expect(() => (m = init(options as any))).not.toThrow()
          expect(typeof m.enabled).toBe('boolean')
          if (!m.enabled) {
            expect(error.mock.calls.length).toBe(1)
            expect(String(error.mock.calls[0][0])).toMatch(/^\[minimon\] /)
            expect(getMonitor()).toBeUndefined()
          } else {
            enabled++
            expect(error).not.toHaveBeenCalled()
            expect(() => m.captureError(new Error('x'))).not.toThrow()
            expect(() => m.lifecycle('pageShow', 'pages/a/a')).not.toThrow()
          }
          await expect(Promise.race([shutdown(), new Promise((r) => setImmediate(r))])).resolves.toBeUndefined()
          // every wrapped function is the platform's again, the registration globals too
          for (const [n, fn] of fakes) expect(api[n]).toBe(fn)
          for (const n of ['App', 'Page', 'Component']) expect((globalThis as any)[n]).toBe(sim.globals[n])
        }),
        { numRuns: RUNS },
      )
    } finally {
      uninstall()
      sim.kill()
    }
    report(`init (${platform})`, runs, `${enabled} enabled`)
    expect(enabled).toBeGreaterThan(0)
  }, TIMEOUT)

  it('captureError(any value, any attributes) never throws and keeps every bound', async () => {
    const app = new FuzzApp(platform, { maxQueue: 50 })
    let runs = 0
    try {
      await fc.assert(
        fc.asyncProperty(
          anyValue(),
          fc.oneof(
            fc.constant(undefined),
            fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())),
            // the caller's own category: identifiers, near misses, non-strings
            fc.record({ 'exception.type': fc.oneof(fc.constantFrom('manual', 'payment.v2', 'js', '', 'a'.repeat(33), 'has space'), fc.string(), fc.integer(), fc.boolean()) }),
            anyValue(),
          ),
          fc.boolean(),
          fc.integer({ min: 0, max: 4 }),
          async (boxedError, boxedAttributes, flush, status) => {
            const error = unwrap(boxedError)
            const attributes = unwrap(boxedAttributes)
            runs++
            app.problems.length = 0
            app.sdkStatus = [200, 200, 200, 503, 400][status]
            expect(() => app.monitor.captureError(error, attributes as any)).not.toThrow()
            if (flush) await app.monitor.flush()
            expect(app.problems).toEqual([])
          },
        ),
        { numRuns: RUNS },
      )
      app.sdkStatus = 200
      await app.monitor.flush()
      expect(app.problems).toEqual([])
      expect(app.records).toBeGreaterThan(0)
    } finally {
      await app.close()
    }
    report(`captureError (${platform})`, runs)
  }, TIMEOUT)

  it('lifecycle(random event, route, time) never throws; every gauge is a whole number of ms below an hour', async () => {
    const app = new FuzzApp(platform, { enable: { perf: true } })
    const events = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom('appLaunch', 'appShow', 'appHide', 'routeStart', 'pageLoad', 'pageShow', 'pageReady', 'pageHide', 'pageUnload') },
      { weight: 1, arbitrary: anyValue() },
    )
    const routes = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('pages/index/index', '/pages/list/list?x=1', 'pages/a#b', '') },
      { weight: 2, arbitrary: anyString() },
      { weight: 1, arbitrary: anyValue() },
    )
    const times = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: 5000 }).map((d) => Date.now() + d) },
      { weight: 1, arbitrary: fc.double() },
      { weight: 1, arbitrary: anyValue() },
      { weight: 1, arbitrary: fc.constant(undefined) },
    )
    let runs = 0
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(events, routes, times), { minLength: 1, maxLength: 12 }), async (steps) => {
          runs++
          app.problems.length = 0
          for (const [e, r, t] of steps) expect(() => app.monitor.lifecycle(unwrap(e) as any, unwrap(r) as any, unwrap(t) as any)).not.toThrow()
          expect(() => app.monitor.currentPage()).not.toThrow()
          expect(app.monitor.currentPage().length).toBeLessThanOrEqual(150)
          await app.monitor.flush()
          expect(app.problems).toEqual([])
        }),
        { numRuns: RUNS },
      )
    } finally {
      await app.close()
    }
    report(`lifecycle (${platform})`, runs)
  }, TIMEOUT)

  it('random sequences of captureError, flush, shutdown and init never throw or reject, and deliver or persist', async () => {
    const sim = createSim({ platform, suspendAfterMs: 60_000 })
    const api = sim.api
    let sent = 0
    api.request = (o: any) => {
      if (o && typeof o.url === 'string' && o.url.indexOf(COLLECTOR) === 0) {
        sent++
        queueMicrotask(() => o.success({ statusCode: 200, status: 200, header: {}, headers: {} }))
      }
      return { abort() {} }
    }
    const uninstall = sim.install()
    const { init, flush, shutdown, getMonitor } = createApi({ alipay: alipayHost, wechat: wechatHost })
    const start = () => init({ service: 'seq', collector: COLLECTOR, flushInterval: 3_600_000 })
    const ops = fc.array(fc.constantFrom('capture', 'capture', 'flush', 'flushAwait', 'shutdown', 'shutdownAwait', 'init', 'hide', 'show', 'method'), { maxLength: 25 })
    let runs = 0
    try {
      await fc.assert(
        fc.asyncProperty(ops, async (list) => {
          runs++
          const pending: Promise<void>[] = []
          for (const op of list) {
            expect(() => {
              if (op === 'capture') getMonitor()?.captureError(new Error('seq ' + runs))
              else if (op === 'flush') pending.push(flush())
              else if (op === 'flushAwait') pending.push(flush())
              else if (op === 'shutdown') pending.push(shutdown())
              else if (op === 'shutdownAwait') pending.push(shutdown())
              else if (op === 'init') start()
              else if (op === 'hide') void sim.hide()
              else if (op === 'show') void sim.show()
              // a monitor kept by the app after shutdown stays safe to call
              else if (op === 'method') {
                const m = getMonitor() ?? start()
                void shutdown()
                m.captureError('after shutdown')
                pending.push(m.flush(), m.shutdown())
              }
            }).not.toThrow()
            if (op.endsWith('Await')) await pending[pending.length - 1]
          }
          await Promise.all(pending)
          await sim.show()
        }),
        { numRuns: RUNS },
      )
      await shutdown()
    } finally {
      uninstall()
      sim.kill()
    }
    expect(sent).toBeGreaterThan(0)
    report(`flush/shutdown/init sequences (${platform})`, runs)
  }, TIMEOUT)
})
