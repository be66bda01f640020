// Property-based fuzzing of every host hook the SDK installs: the wx/my.onError listener with random
// strings (and whatever else a platform might pass), onUnhandledRejection with any reason, onPageNotFound
// with random payloads, and onAppHide/onAppShow storms. The listener must never throw back into the
// platform, must not touch its arguments, and every record must stay within the documented bounds; storage
// must always hold valid JSON within the per-key limit.
import fc from 'fast-check'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { anyString, anyValue, RUNS, unbox, unwrap, withThrowingGetters } from './arbitraries'
import { FuzzApp, type Platform } from './app'
import { report } from './report'

const platforms: Platform[] = ['wechat', 'alipay']
// generous: the full run (10000 cases per property) takes minutes on a slow machine
const TIMEOUT = 60_000 + RUNS * 60
const LIMIT = { wechat: 1024 * 1024, alipay: 200 * 1024 }

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => vi.restoreAllMocks())
afterAll(() => report())

/** Same fingerprints: compared entry by entry with Object.is (a deep compare would walk hostile values). */
function same(a: unknown, b: unknown, depth = 0): boolean {
  // fingerprints nest three deep at most (list of arguments, entries, [key, value]); below that: identity
  if (depth > 2 || !Array.isArray(a) || !Array.isArray(b)) return Object.is(a, b)
  return a.length === b.length && a.every((x, i) => same(x, b[i], depth + 1))
}

/** A shallow fingerprint of an argument, to see that the listener left it alone. */
function fingerprint(v: unknown): unknown {
  if (!v || (typeof v !== 'object' && typeof v !== 'function')) return v
  try {
    return Reflect.ownKeys(v).map((k) => {
      const d = Object.getOwnPropertyDescriptor(v, k)
      return [k, d && ('value' in d ? d.value : d.get)]
    })
  } catch (e) {
    return 'opaque'
  }
}

describe.each(platforms)('host hooks on %s', (platform) => {
  let app: FuzzApp
  beforeEach(() => {
    app = new FuzzApp(platform, { maxQueue: 100, enable: { perf: false } })
  })
  afterEach(() => app.close())

  async function fuzz<T extends unknown[]>(name: string, arbs: { [K in keyof T]: fc.Arbitrary<T[K]> }, body: (...args: T) => void | Promise<void>) {
    let runs = 0
    await fc.assert(
      (fc.asyncProperty as unknown as (...a: unknown[]) => fc.IAsyncProperty<unknown[]>)(...(arbs as unknown[]), async (...args: any[]) => {
        runs++
        app.problems.length = 0
        await body(...(args as T))
        if (runs % 7 === 0) await app.monitor.flush()
        expect(app.problems).toEqual([])
      }),
      { numRuns: RUNS },
    )
    await app.monitor.flush()
    expect(app.problems).toEqual([])
    report(`${name} (${platform})`, runs)
  }

  it('onError listener: random strings and random arguments', async () => {
    const listener = app.hooks.Error
    expect(typeof listener).toBe('function')
    const args = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(anyString()) },
      { weight: 2, arbitrary: fc.tuple(anyString(), anyString()) },
      { weight: 1, arbitrary: fc.array(anyValue(), { maxLength: 3 }) },
    )
    await fuzz('wx/my.onError listener', [args], (list) => {
      const values = list.map(unbox)
      const before = values.map(fingerprint)
      expect(() => listener(...values)).not.toThrow()
      expect(same(values.map(fingerprint), before)).toBe(true)
    })
  }, TIMEOUT)

  it('onUnhandledRejection listener: any reason, in any wrapper', async () => {
    const listener = app.hooks.UnhandledRejection
    // built inside the property: fast-check must never hold a hostile value itself
    const payload = fc.tuple(fc.constantFrom('wrapped', 'getter', 'throwing', 'bare'), anyValue())
    await fuzz('onUnhandledRejection listener', [payload], ([shape, boxed]) => {
      const r = unbox(boxed)
      const value =
        shape === 'wrapped' ? { reason: r, promise: Promise.resolve() } : shape === 'getter' ? { get reason() { return r }, promise: null } : shape === 'throwing' ? withThrowingGetters({}, ['reason']) : r
      const before = fingerprint(value)
      expect(() => listener(value)).not.toThrow()
      expect(same(fingerprint(value), before, 1)).toBe(true)
    })
  }, TIMEOUT)

  it('onPageNotFound listener: random payloads', async () => {
    const listener = app.hooks.PageNotFound
    const payload = fc.oneof(
      fc.record({ path: anyString(), query: fc.dictionary(fc.string(), fc.string()), isEntryPage: fc.boolean() }),
      fc.record({ path: anyValue() }),
      fc.constant('throwing getter'),
      anyValue(),
    )
    await fuzz('onPageNotFound listener', [payload], (p) => {
      const value = p === 'throwing getter' ? withThrowingGetters({}, ['path']) : unwrap(p)
      expect(() => listener(value)).not.toThrow()
    })
  }, TIMEOUT)

  it('onAppHide / onAppShow storms keep storage valid, within the per-key limit, and never duplicated', async () => {
    const hide = app.hooks.AppHide
    const show = app.hooks.AppShow
    const step = fc.oneof(
      fc.constant<['hide']>(['hide']),
      fc.constant<['show']>(['show']),
      fc.tuple(fc.constant<'error'>('error'), fc.oneof({ weight: 9, arbitrary: fc.string({ maxLength: 200 }) }, { weight: 1, arbitrary: anyString() })),
      fc.tuple(fc.constant<'status'>('status'), fc.constantFrom(200, 503, 400, 0)),
    )
    let storms = 0
    await fuzz('onAppHide/onAppShow storms', [fc.array(step, { maxLength: 20 })], async (steps) => {
      // a fresh install now and then: storage at its limit is covered, and so is storage filling up
      if (++storms % 250 === 0) app.sim.storage.clear()
      for (const s of steps) {
        if (s[0] === 'hide') expect(() => hide()).not.toThrow()
        else if (s[0] === 'show') expect(() => show && show({ path: 'pages/a', query: {} })).not.toThrow()
        else if (s[0] === 'error') {
          const message = unbox(s[1]) as string
          app.monitor.captureError({ name: 'Error', message, stack: 'Error: ' + message.slice(0, 40) + '\n    at storm (app.js:1:1)' })
        }
        else app.sdkStatus = s[1]
      }
      const raw = app.sim.storage.read('minimon:fuzz')
      if (raw !== undefined) {
        expect(typeof raw).toBe('string')
        const stored = JSON.parse(raw as string)
        expect(stored.v).toBe(1)
        const ids = stored.r.map((r: any) => r.id)
        expect(new Set(ids).size).toBe(ids.length)
        // as the sim counts it: WeChat UTF-8 bytes, Alipay characters, of the value as JSON
        const json = JSON.stringify(raw)
        expect(platform === 'wechat' ? Buffer.byteLength(json) : json.length).toBeLessThanOrEqual(LIMIT[platform])
      }
      app.sdkStatus = 200
    })
  }, TIMEOUT)
})
