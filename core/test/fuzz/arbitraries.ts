// Values an app (or a platform) can throw at the SDK: anything fast-check generates, plus the hostile ones it
// would rarely reach on its own: cyclic graphs, multi-megabyte strings, symbols, null-prototype objects,
// getters and toString/valueOf/toJSON that throw, proxies that throw on every trap, revoked proxies.
import fc from 'fast-check'

/** Runs per property: FUZZ_RUNS (the full run uses 10000), else a short default for the normal test run. */
export const RUNS = Number(process.env.FUZZ_RUNS) || 300

const MB = 1024 * 1024
/** Built once: generating megabytes per case would only measure the generator. */
export const HUGE = {
  plain: 'x'.repeat(3 * MB),
  lines: 'at f (file.js:1:1)\n'.repeat(150_000),
  quotes: '"\\'.repeat(MB),
  surrogates: '\ud800'.repeat(MB) + '😀'.repeat(1000),
  control: '\u0000\u0001\u001f'.repeat(MB / 2),
}

const thrower = (what: string) => () => {
  throw new Error('hostile ' + what)
}

function hostile(): unknown[] {
  const cyclic: any = { a: 1 }
  cyclic.self = cyclic
  cyclic.list = [cyclic, { back: cyclic }]
  const cyclicError: any = new Error('cyclic')
  cyclicError.cause = cyclicError
  cyclicError.data = { e: cyclicError }
  const nullProto = Object.create(null)
  nullProto.message = 'from a null prototype'
  const bareNull = Object.create(null)
  const getters = Object.defineProperties({}, {
    message: { get: thrower('message'), enumerable: true },
    stack: { get: thrower('stack'), enumerable: true },
    name: { get: thrower('name'), enumerable: true },
  })
  const errorGetters = new Error('e')
  // stack first: V8 formats a lazy stack from the message when it is redefined
  Object.defineProperty(errorGetters, 'stack', { get: thrower('stack') })
  Object.defineProperty(errorGetters, 'message', { get: thrower('message') })
  Object.defineProperty(errorGetters, 'name', { get: thrower('name') })
  const conversions = { toString: thrower('toString'), valueOf: thrower('valueOf'), toJSON: thrower('toJSON'), [Symbol.toPrimitive]: thrower('toPrimitive') }
  const trapAll = new Proxy({}, {
    get: thrower('get'), has: thrower('has'), ownKeys: thrower('ownKeys'), getOwnPropertyDescriptor: thrower('gOPD'),
    getPrototypeOf: thrower('getPrototypeOf'), set: thrower('set'), defineProperty: thrower('defineProperty'),
    deleteProperty: thrower('deleteProperty'), isExtensible: thrower('isExtensible'), preventExtensions: thrower('preventExtensions'),
    apply: thrower('apply'), construct: thrower('construct'), setPrototypeOf: thrower('setPrototypeOf'),
  })
  const revocable = Proxy.revocable({}, {})
  revocable.revoke()
  const callableProxy = new Proxy(function () {}, { get: thrower('get'), has: thrower('has'), apply: thrower('apply') })
  const bigError = new Error(HUGE.plain)
  bigError.stack = HUGE.lines
  const weirdError: any = new Error('weird')
  weirdError.name = { not: 'a string' }
  weirdError.stack = 12345
  const symbolMessage = { message: Symbol('m'), stack: Symbol('s'), name: Symbol('n') }
  const manyKeys: Record<string, number> = {}
  for (let i = 0; i < 20_000; i++) manyKeys['k' + i] = i
  const frozen = Object.freeze(new TypeError('frozen'))
  const subclass = new (class extends Error {
    // an accessor where Error has a data property: that is the point
    override get message() {
      return 'from a getter on the prototype'
    }
  })()
  const tagged = { [Symbol.toStringTag]: 'Evil', get [Symbol.iterator]() { return thrower('iterator')() } }
  const deep: any = {}
  let d = deep
  for (let i = 0; i < 5000; i++) d = d.next = {}
  return [
    cyclic, cyclicError, nullProto, bareNull, getters, errorGetters, conversions, trapAll, revocable.proxy, callableProxy,
    bigError, weirdError, symbolMessage, manyKeys, frozen, subclass, tagged, deep,
    Symbol(), Symbol('described'), Symbol.iterator, 10n ** 30n, -0, NaN, Infinity, () => 1, class X {},
    new Date(NaN), /re/g, new Map([[cyclic, cyclic]]), new Set([cyclic]), new WeakMap(), Promise.resolve(1),
    new ArrayBuffer(8), new Uint8Array(3), new String('boxed'), new Number(3), new Boolean(false),
    Object.assign(new Error('with cause'), { cause: trapAll }), { message: HUGE.quotes }, { message: HUGE.control },
    { message: 42 }, { message: null }, { message: undefined, stack: "" }, new Array(1e5), [1, [2, [3]]],
    HUGE.plain, HUGE.lines, HUGE.quotes, HUGE.surrogates, HUGE.control,
  ]
}

const HOSTILE = hostile()
const HOSTILE_COUNT = HOSTILE.length

/**
 * A hostile value stands in a box while fast-check holds it (fast-check inspects every value it generates,
 * and a revoked proxy or a trap-everything proxy would break fast-check itself): `unwrap` takes it out.
 */
class Boxed {
  constructor(
    readonly index: number,
    readonly label = 'hostile',
  ) {}
  [fc.toStringMethod]() {
    return `${this.label}[${this.index}]`
  }
}

/** Big or hostile values of one's own, boxed the same way (fast-check would print megabytes otherwise). */
export function boxed(values: unknown[], label: string): fc.Arbitrary<unknown> {
  const at = HOSTILE.length
  HOSTILE.push(...values)
  return fc.integer({ min: 0, max: values.length - 1 }).map((i) => new Boxed(at + i, label))
}

/** A hostile value out of its box; anything else as it is. */
export const unbox = (v: unknown): unknown => (v instanceof Boxed ? HOSTILE[v.index] : v)

/** The value to hand to the SDK: hostile ones out of their box (also one level inside plain objects and arrays). */
export function unwrap(v: unknown): unknown {
  if (v instanceof Boxed) return HOSTILE[v.index]
  if (Array.isArray(v)) return v.map((x) => (x instanceof Boxed ? HOSTILE[x.index] : x))
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const o: Record<string, unknown> = {}
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k]
      o[k] = x instanceof Boxed ? HOSTILE[x.index] : x
    }
    return o
  }
  return v
}

/** Any JavaScript value, hostile ones with a good share (boxed: pass through `unwrap`). */
export const anyValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: HOSTILE_COUNT - 1 }).map((i) => new Boxed(i)) },
    { weight: 3, arbitrary: fc.anything({ withBigInt: true, withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withDate: true, withTypedArray: true, withSparseArray: true, stringUnit: 'binary' }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary' }).map((s) => Object.assign(new Error(s), { stack: s + '\n    at x (y.js:1:2)' })) },
  )

/** Strings as platforms hand them over: short, long, multi-line, with every kind of code unit (huge ones boxed: unbox). */
export const anyString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
    { weight: 2, arbitrary: fc.array(fc.string({ unit: 'binary', maxLength: 80 }), { maxLength: 30 }).map((l) => l.join('\n')) },
    { weight: 1, arbitrary: fc.constantFrom('thirdScriptError', 'MiniProgramError\n', 'MiniProgramError\nmessage\n    at f (a.js:1:1)', '') },
    { weight: 1, arbitrary: boxed([...Object.values(HUGE), 'MiniProgramError\n' + HUGE.plain + '\n' + HUGE.lines], 'huge string') as fc.Arbitrary<any> },
  )

/** An object whose listed keys are getters that throw (as a hostile or buggy app could pass). */
export function withThrowingGetters(base: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = { ...base }
  for (const k of keys) Object.defineProperty(o, k, { get: thrower(k), enumerable: true, configurable: true })
  return o
}
