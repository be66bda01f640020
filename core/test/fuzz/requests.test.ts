// Property-based fuzzing of the request wrappers the SDK installs on wx/my (request, downloadFile,
// uploadFile): random option objects (non-objects, missing or huge or non-string urls, getters that throw,
// random callbacks, extra arguments), answered by a fake platform that succeeds, fails, never answers,
// throws, or (buggy) answers twice. The wrapper must be invisible: the platform gets every option value
// as given and the same extra arguments, the app gets the platform's task back (or its exception), and
// each user callback runs exactly as often as the platform calls it, with the same `this` and arguments.
// Measured requests must stay within the bounds (url.path.group bounded, no query strings).
import fc from 'fast-check'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { anyValue, boxed, HUGE, RUNS, unbox } from './arbitraries'
import { FuzzApp, type Plan, type Platform } from './app'
import { report } from './report'

const platforms: Platform[] = ['wechat', 'alipay']
// generous: the full run (10000 cases per property) takes minutes on a slow machine
const TIMEOUT = 60_000 + RUNS * 60
const NAMES = ['request', 'downloadFile', 'uploadFile'] as const

afterAll(() => report())

type Slot = 'fn' | 'none' | 'junk'
interface Case {
  name: (typeof NAMES)[number]
  shape: 'object' | 'junk' | 'none' | 'nullProto' | 'frozen' | 'getterUrl' | 'getterCallbacks'
  url: unknown
  method: unknown
  success: Slot
  fail: Slot
  complete: Slot
  extra: unknown[]
  other: Record<string, unknown>
  plan: Plan
  junk: unknown
}

const urls = fc.oneof(
  { weight: 4, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('https://api.test', 'http://10.0.0.1:8080', '//cdn.test'), fc.array(fc.oneof(fc.uuid(), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 40 }), fc.nat().map(String), fc.string({ maxLength: 30 })), { maxLength: 6 })).map(([o, p]) => o + '/' + p.join('/') + '?token=secret#frag') },
  { weight: 1, arbitrary: boxed(['https://api.test/' + HUGE.plain.slice(0, 200_000), 'https://api.test/?' + HUGE.quotes.slice(0, 100_000), 'https://api.test/' + '1/'.repeat(50_000)], 'huge url') },
  { weight: 1, arbitrary: fc.constantFrom('', 'not a url', '/relative/path?x=1', 'wxfile://tmp/a.png', 'https://user:pass@api.test:8443/a/b?c=d#e') },
  { weight: 1, arbitrary: anyValue() },
)

const slot = fc.constantFrom<Slot>('fn', 'fn', 'fn', 'none', 'junk')

const cases: fc.Arbitrary<Case> = fc.record({
  name: fc.constantFrom(...NAMES),
  shape: fc.constantFrom('object', 'object', 'object', 'object', 'junk', 'none', 'nullProto', 'frozen', 'getterUrl', 'getterCallbacks'),
  url: urls,
  method: fc.oneof(fc.constantFrom(undefined, 'GET', 'post', 'PUT', 'delete', 'HEAD', 'OPTIONS', 'CONNECT'), anyValue()),
  success: slot,
  fail: slot,
  complete: slot,
  extra: fc.array(anyValue(), { maxLength: 2 }),
  other: fc.dictionary(fc.constantFrom('data', 'header', 'headers', 'timeout', 'dataType', 'responseType', 'filePath', 'name', 'formData', 'enableHttp2', 'constructor', 'toString', 'hasOwnProperty'), anyValue(), { maxKeys: 5 }),
  plan: fc.record({ answer: fc.constantFrom<Plan['answer']>('success', 'success', 'fail', 'none', 'throw', 'twice'), sync: fc.boolean() }),
  junk: anyValue(),
})

describe.each(platforms)('request wrappers on %s', (platform) => {
  let app: FuzzApp
  beforeEach(() => {
    app = new FuzzApp(platform, { maxQueue: 100, request: { maxGroups: 20 }, enable: { tracing: true, perf: false }, tracing: { propagateTo: ['api.test'] } })
  })
  afterEach(() => app.close())

  it('random options: the wrapper is invisible next to the bare platform (differential)', async () => {
    let runs = 0
    const answers: Record<string, number> = {}
    const bare = Object.fromEntries(NAMES.map((n) => [n, app.fake(n)]))
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        runs++
        app.problems.length = 0
        app.plan = c.plan
        answers[c.plan.answer] = (answers[c.plan.answer] ?? 0) + 1
        // the same case twice: once through the SDK's wrapper, once straight to the platform
        const run = (fn: (...a: unknown[]) => unknown) => {
          const calls: Record<string, { thisValue: unknown; args: unknown[] }[]> = { success: [], fail: [], complete: [] }
          const user: Record<string, unknown> = {}
          for (const k of ['success', 'fail', 'complete'] as const) {
            user[k] =
              c[k] === 'fn'
                ? function (this: unknown, ...args: unknown[]) {
                    calls[k].push({ thisValue: this, args })
                    return 'user return'
                  }
                : c[k] === 'junk'
                  ? unbox(c.junk)
                  : undefined
          }
          const values: Record<string, unknown> = {}
          for (const k of Object.keys(c.other)) values[k] = unbox(c.other[k])
          Object.assign(values, { url: unbox(c.url), method: unbox(c.method) }, user)
          let options: any
          if (c.shape === 'junk') options = unbox(c.junk)
          else if (c.shape === 'none') options = undefined
          else if (c.shape === 'nullProto') options = Object.assign(Object.create(null), values)
          else if (c.shape === 'frozen') options = Object.freeze({ ...values })
          else if (c.shape === 'getterUrl') options = Object.defineProperty({ ...values }, 'url', { get() { throw new Error('url getter') }, enumerable: true })
          else if (c.shape === 'getterCallbacks') options = Object.defineProperty({ ...values }, 'success', { get() { throw new Error('success getter') }, enumerable: true })
          else options = { ...values }
          const extra = c.extra.map(unbox)
          const before = app.calls.length
          let task: unknown
          let thrown: unknown = 'nothing'
          try {
            task = fn.call(app.api, options, ...extra)
          } catch (e) {
            thrown = e
          }
          const reached = app.calls.slice(before)
          return { calls, options, extra, task, thrown, reached }
        }
        const sdk = run(app.api[c.name])
        const plain = run(bare[c.name])
        // exactly one platform call, on the same object, with the same extra arguments
        expect(sdk.reached.filter((k) => k.name === c.name)).toHaveLength(1)
        const call = sdk.reached.find((k) => k.name === c.name)!
        expect(call.thisValue).toBe(app.api)
        expect(call.args.length).toBe(plain.reached[0].args.length)
        sdk.extra.forEach((x, i) => expect(Object.is(call.args[1 + i], x)).toBe(true))
        // the app gets what it would get without the SDK: the platform's task, or its exception
        expect(typeof sdk.thrown).toBe(typeof plain.thrown)
        expect(String(sdk.thrown)).toBe(String(plain.thrown))
        if (sdk.thrown === 'nothing') expect(sdk.task).toBe(call.task)
        // every option value the platform can read is the app's own (success/fail are wrapped; the sw8
        // header is added on allowed hosts only)
        const given = call.args[0] as any
        const traced = typeof unbox(c.url) === 'string' && /api\.test/.test(unbox(c.url) as string)
        if (given !== sdk.options) {
          for (const k of Object.keys(sdk.options)) {
            if (k === 'success' || k === 'fail' || (traced && (k === 'header' || k === 'headers'))) continue
            expect(Object.is(given[k], sdk.options[k]), `option ${k}`).toBe(true)
          }
        }
        await new Promise((r) => setImmediate(r))
        // each user callback ran exactly as often as without the SDK, with the platform's task as this
        for (const k of ['success', 'fail', 'complete'] as const) {
          expect(sdk.calls[k].length, k).toBe(plain.calls[k].length)
          for (const got of sdk.calls[k]) {
            expect(got.thisValue).toBe(call.task)
            expect(got.args).toHaveLength(1)
          }
        }
        if (runs % 5 === 0) await app.monitor.flush()
        expect(app.problems).toEqual([])
      }),
      { numRuns: RUNS },
    )
    await app.monitor.flush()
    expect(app.problems).toEqual([])
    report(`request/downloadFile/uploadFile wrappers (${platform})`, runs, Object.entries(answers).map(([k, v]) => `${k} ${v}`).join(', '))
  }, TIMEOUT)
})
