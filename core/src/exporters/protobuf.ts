import type { AttributeValue } from '../types'

/**
 * A minimal protobuf writer. Every message is walked twice by the same code: first with no buffer, which
 * measures each nested message and string and records their lengths in pre-order; then into a buffer of
 * the exact size, taking those lengths back in the same order. Each byte is written once, with no copies
 * per nesting level. No TextEncoder (missing on some devices): strings are encoded to UTF-8 by hand.
 * The writer's state lives in this module (encoding is synchronous, one message at a time), and every
 * field number is below 16, so each tag is one byte.
 */

/** The output; null while measuring. */
let b: Uint8Array | null = null
/** Position (while measuring: size so far). */
let p = 0
/**
 * Lengths recorded while measuring, taken back in the same order while writing. Kept between messages: a
 * grown array takes stores in place, where a fresh one would be regrown (and copied) every time.
 */
const l: number[] = []
let k = 0

const NON_ASCII = /[^\0-\x7f]/

function varintSize(v: number): number {
  let n = 1
  while (v > 127) {
    v = Math.floor(v / 128)
    n++
  }
  return n
}

/** Non-negative integers up to 2^53. */
export function varint(v: number): void {
  if (!b) p += varintSize(v)
  else {
    while (v > 127) {
      b[p++] = (v & 127) | 128 // & takes the low bits of any integer below 2^53
      v = Math.floor(v / 128)
    }
    b[p++] = v
  }
}

/** A tag then a varint (wire type 0). */
export function uint(field: number, v: number): void {
  varint(field << 3)
  varint(v)
}

export function utf8Length(s: string): number {
  s += '' // typed as a string for the optimiser: \`s.length\` on strings of many representations is megamorphic
  const m = s.length
  // ASCII (most text) is cleared by the regexp engine, with no loop here
  if (m > 32 && !NON_ASCII.test(s)) return m
  const charCodeAt = String.prototype.charCodeAt
  let n = m
  for (let i = 0; i < m; i++) {
    const c = charCodeAt.call(s, i)
    if (c > 127) {
      if (c < 0x800) n++
      else if (c >= 0xd800 && c < 0xdc00 && (charCodeAt.call(s, i + 1) & 0xfc00) === 0xdc00) {
        n += 2
        i++
      } else n += 2
    }
  }
  return n
}

/** A string's UTF-8 length: measured (and recorded) on the first pass, taken back on the second. */
function strLength(s: string): number {
  return b ? l[k++] : (l[k++] = utf8Length(s))
}

/** Tag and length of a length-delimited field; returns the field's whole size. */
function head(field: number, n: number): number {
  if (b) {
    b[p++] = (field << 3) | 2
    varint(n)
  }
  return 1 + varintSize(n) + n
}

/** The UTF-8 bytes (`n` of them) of `s`. */
function chars(s: string, n: number): void {
  // Called through .call: `s.charCodeAt` turns megamorphic once strings of several representations pass
  // (constant, concatenated, sliced, two-byte), and each character then costs a generic call. Loaded here:
  // bundlers turn a module-level const into a var, which the optimiser cannot inline through.
  const charCodeAt = String.prototype.charCodeAt
  s += '' // see utf8Length
  const o = b!
  let q = p
  const m = s.length
  if (n === m) for (let i = 0; i < m; i++) o[q++] = charCodeAt.call(s, i)
  else
    for (let i = 0; i < m; i++) {
      let c = charCodeAt.call(s, i)
      if (c < 128) o[q++] = c
      else if (c < 0x800) {
        o[q++] = 0xc0 | (c >> 6)
        o[q++] = 0x80 | (c & 63)
      } else {
        if (c >= 0xd800 && c < 0xe000) {
          const d = charCodeAt.call(s, i + 1)
          if (c < 0xdc00 && (d & 0xfc00) === 0xdc00) {
            c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
            i++
            o[q++] = 0xf0 | (c >> 18)
            o[q++] = 0x80 | ((c >> 12) & 63)
            o[q++] = 0x80 | ((c >> 6) & 63)
            o[q++] = 0x80 | (c & 63)
            continue
          }
          c = 0xfffd
        }
        o[q++] = 0xe0 | (c >> 12)
        o[q++] = 0x80 | ((c >> 6) & 63)
        o[q++] = 0x80 | (c & 63)
      }
    }
  p = q
}

/** A string field. */
export function str(field: number, s: string): void {
  const n = strLength(s)
  if (b) {
    head(field, n)
    chars(s, n)
  } else p += head(field, n)
}

const isUint = (v: number) => v >= 0 && v % 1 === 0 && v < 9007199254740992

/**
 * A KeyValue (an attribute) with an AnyValue of string, boolean, integer or double (negative integers go as
 * doubles). Sized in place from the two strings' lengths: one recorded length per string, none per level.
 */
export function attr(field: number, key: string, v: AttributeValue): void {
  const kn = strLength(key)
  const text = typeof v === 'string'
  const n = text ? strLength(v as string) : 0
  const any = text ? 1 + varintSize(n) + n : typeof v === 'boolean' ? 2 : isUint(v as number) ? 1 + varintSize(v as number) : 9
  const size = head(field, 2 + varintSize(kn) + kn + varintSize(any) + any)
  if (!b) {
    p += size
    return
  }
  head(1, kn)
  chars(key, kn)
  head(2, any)
  if (text) {
    head(1, n)
    chars(v as string, n)
  } else anyValue(v)
}

/** An AnyValue's fields. */
export function anyValue(v: AttributeValue): void {
  if (typeof v === 'string') str(1, v)
  else if (typeof v === 'boolean') uint(2, v ? 1 : 0)
  else if (isUint(v)) uint(3, v)
  else double(4, v)
}

/** A nested message: `fn(x, y)` writes its fields. */
export function msg<X, Y>(field: number, fn: (x: X, y: Y) => void, x: X, y?: Y): void {
  if (!b) {
    const i = k++
    const start = p
    fn(x, y!)
    const n = p - start
    l[i] = n
    p += 1 + varintSize(n)
    return
  }
  b[p++] = (field << 3) | 2
  varint(l[k++])
  fn(x, y!)
}

const f64 = new Float64Array(1)
const f64bytes = new Uint8Array(f64.buffer)

/** 8 little-endian bytes: the low and high 32 bits. */
function raw8(lo: number, hi: number): void {
  const o = b
  if (o) {
    let q = p
    o[q++] = lo
    o[q++] = lo >>> 8
    o[q++] = lo >>> 16
    o[q++] = lo >>> 24
    o[q++] = hi
    o[q++] = hi >>> 8
    o[q++] = hi >>> 16
    o[q] = hi >>> 24
  }
  p += 8
}

/** A fixed64 (or sfixed64) field of a non-negative integer below 2^53. */
export function fixed64(field: number, v: number): void {
  varint((field << 3) | 1)
  raw8(v % 0x100000000, v / 0x100000000)
}

/**
 * Epoch milliseconds as fixed64 nanoseconds. ms × 10^6 passes 2^53, so the product is built from 16-bit
 * halves of ms where every intermediate value stays exact.
 */
export function nanos(field: number, ms: number): void {
  varint((field << 3) | 1)
  ms = Math.floor(ms)
  const high = Math.floor(ms / 65536) * 1e6 // < 2^45
  const lo = (high % 65536) * 65536 + (ms % 65536) * 1e6
  raw8(lo % 0x100000000, Math.floor(high / 65536) + Math.floor(lo / 0x100000000))
}

function raw64(v: number): void {
  f64[0] = v
  if (b) for (let i = 0; i < 8; i++) b[p + i] = f64bytes[i]
  p += 8
}

export function double(field: number, v: number): void {
  varint((field << 3) | 1)
  raw64(v)
}

/** A packed repeated field of 8-byte values: doubles, or fixed64 integers below 2^32. */
export function packed8(field: number, values: readonly number[], asDouble?: boolean): void {
  varint((field << 3) | 2)
  varint(values.length * 8)
  for (const v of values) asDouble ? raw64(v) : raw8(v, 0)
}

/** Measures, then writes, `value` as a top-level message. */
export function encode<T>(fn: (value: T) => void, value: T): Uint8Array {
  b = null
  p = k = 0
  fn(value)
  const out = (b = new Uint8Array(p))
  p = k = 0
  fn(value)
  b = null
  return out
}
