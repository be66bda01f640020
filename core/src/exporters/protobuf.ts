import type { AttributeValue } from '../types'

/**
 * A minimal protobuf writer that also builds the same message as OTLP/JSON.
 *
 * Protobuf: every message is walked twice by the same code: first with no buffer, which measures each
 * nested message and string and records their lengths in pre-order; then into a buffer of the exact size,
 * taking those lengths back in the same order. Each byte is written once, with no copies per nesting level.
 * No TextEncoder (missing on some devices): strings are encoded to UTF-8 by hand.
 *
 * JSON: while `j` holds an object, each field call sets its JSON name on it instead (lowerCamelCase, 64-bit
 * integers as decimal strings, enums as numbers).
 *
 * The state lives in this module (encoding is synchronous, one message at a time; each entry point resets
 * it), and every field number is below 16, so each tag is one byte.
 */

/** The output; null while measuring. */
let b: Uint8Array | null
let view: DataView
/** Position (while measuring: size so far). */
let p = 0
/**
 * Lengths recorded while measuring, taken back in the same order while writing. Kept between messages: a
 * grown array takes stores in place, where a fresh one would be regrown (and copied) every time.
 */
const l: number[] = []
let k = 0
/** The JSON object being filled; null while encoding protobuf. */
let j: any

const NON_ASCII = /[^\0-\x7f]/
const LAST_NON_ASCII = /[^\0-\x7f][\0-\x7f]*$/

function varintSize(v: number): number {
  let n = 1
  while (v > 127) {
    v = Math.floor(v / 128)
    n++
  }
  return n
}

/** A tag, then `v` as a varint (a non-negative integer up to 2^53). */
function varint(tag: number, v: number): void {
  if (!b) p += 1 + varintSize(v)
  else {
    b[p++] = tag
    while (v > 127) {
      b[p++] = (v & 127) | 128 // & takes the low bits of any integer below 2^53
      v = Math.floor(v / 128)
    }
    b[p++] = v
  }
}

// Strings. charCodeAt is called through .call: `s.charCodeAt` turns megamorphic once strings of several
// representations pass (constant, concatenated, sliced, two-byte), and each character then costs a generic
// call; it is loaded in each function because bundlers turn a module-level const into a var, which the
// optimiser cannot inline through. `s += ''` types `s` as a string for the optimiser, for the same reason:
// `s.length` on strings of many representations is megamorphic.

export function utf8Length(s: string): number {
  s += ''
  const m = s.length
  let i = 0
  let end = m
  // In long text the regexp engine finds the first and last non-ASCII characters (none in most, a few at
  // the start of a stack); only what lies between is looped over here.
  if (m > 32) {
    if ((i = s.search(NON_ASCII)) < 0) return m
    end = s.search(LAST_NON_ASCII) + 1
  }
  const charCodeAt = String.prototype.charCodeAt
  let n = m
  for (; i < end; i++) {
    const c = charCodeAt.call(s, i)
    if (c > 127) {
      n += c < 0x800 ? 1 : 2
      // a surrogate pair: 4 bytes for 2 chars
      if (c >= 0xd800 && c < 0xdc00 && (charCodeAt.call(s, i + 1) & 0xfc00) === 0xdc00) i++
    }
  }
  return n
}

/**
 * A length-delimited field holding the `n` UTF-8 bytes of `s` (`n` from utf8Length). Lone surrogates
 * become U+FFFD, as in any UTF-8 encoder.
 */
function chars(field: number, s: string, n: number): void {
  varint((field << 3) | 2, n)
  const o = b
  if (!o) return void (p += n)
  const charCodeAt = String.prototype.charCodeAt
  const m = (s += '').length
  let q = p
  if (n === m) for (let i = 0; i < m; i++) o[q++] = charCodeAt.call(s, i)
  else
    for (let i = 0; i < m; i++) {
      let c = charCodeAt.call(s, i)
      if (c < 128) o[q++] = c
      else {
        if (c < 0x800) o[q++] = 0xc0 | (c >> 6)
        else {
          if (c >= 0xd800 && c < 0xe000) {
            const d = charCodeAt.call(s, i + 1)
            if (c < 0xdc00 && (d & 0xfc00) === 0xdc00) {
              c = 0x10000 + ((c - 0xd800) << 10) + d - 0xdc00
              i++
              o[q++] = 0xf0 | (c >> 18)
              o[q++] = 0x80 | ((c >> 12) & 63)
            } else c = 0xfffd
          }
          if (c < 0x10000) o[q++] = 0xe0 | (c >> 12)
          o[q++] = 0x80 | ((c >> 6) & 63)
        }
        o[q++] = 0x80 | (c & 63)
      }
    }
  p = q
}

/** A string's UTF-8 length: measured (and recorded) on the first pass, taken back on the second. */
function strLength(s: string): number {
  return b ? l[k++] : (l[k++] = utf8Length(s))
}

export function str(field: number, name: string, s: string): void {
  if (j) j[name] = s
  else chars(field, s, strLength(s))
}

/** A varint field (enum, bool, int32); in JSON the value as given. */
export function uint(field: number, name: string, v: number | boolean): void {
  if (j) j[name] = v
  else varint(field << 3, +v)
}

/** A nested message: `fn(x, y)` writes its fields. In JSON, names ending in s are repeated fields (arrays). */
export function msg<X, Y>(field: number, name: string, fn: (x: X, y: Y) => void, x?: X, y?: Y): void {
  if (j) {
    const parent = j
    j = {}
    if (/s$/.test(name)) (parent[name] = parent[name] || []).push(j)
    else parent[name] = j
    fn(x!, y!)
    j = parent
  } else if (b) {
    varint((field << 3) | 2, l[k++])
    fn(x!, y!)
  } else {
    const i = k++
    const start = p
    fn(x!, y!)
    varint(0, (l[i] = p - start))
  }
}

/** 8 bytes: a double `lo`, or an integer's 32-bit halves (setUint32 keeps the low 32 bits of each). */
function raw8(lo: number, hi?: number): void {
  if (b) hi == null ? view.setFloat64(p, lo, true) : (view.setUint32(p, lo, true), view.setUint32(p + 4, hi, true))
  p += 8
}

/** A field of wire type 1 (fixed64, sfixed64, double). */
function fixed(field: number, lo: number, hi?: number): void {
  if (b) b[p] = (field << 3) | 1
  p++
  raw8(lo, hi)
}

/** A fixed64 (or sfixed64) field of a non-negative integer below 2^53. */
export function fixed64(field: number, name: string, v: number): void {
  if (j) j[name] = '' + v
  else fixed(field, v, v / 0x100000000)
}

/**
 * Epoch milliseconds as fixed64 nanoseconds. ms × 10^6 passes 2^53, so the product is built from the
 * 16-bit halves of ms, where every intermediate value stays exact (and no % on doubles, a slow call).
 */
export function nanos(field: number, name: string, ms: number): void {
  ms = Math.floor(ms)
  if (j) j[name] = ms ? ms + '000000' : '0'
  else {
    const low = ms & 0xffff // & keeps the low 32 bits of any integer below 2^53
    const high = ((ms - low) / 65536) * 1e6 // < 2^48
    const carry = high & 0xffff
    const lo = carry * 65536 + low * 1e6 // < 2^37
    fixed(field, lo, (high - carry) / 65536 + ((lo / 0x100000000) | 0))
  }
}

export function double(field: number, name: string, v: number): void {
  if (j) j[name] = v
  else fixed(field, v)
}

/** A packed repeated field of 8-byte values: doubles, or fixed64 integers below 2^32 (decimal strings in JSON). */
export function packed(field: number, name: string, values: readonly number[], doubles?: boolean): void {
  if (j) j[name] = doubles ? values : values.map(String)
  else {
    varint((field << 3) | 2, values.length * 8)
    for (const v of values) doubles ? raw8(v) : raw8(v, 0)
  }
}

const isUint = (v: number) => v >= 0 && Math.floor(v) === v && v < 9007199254740992

/** An AnyValue's fields: string, boolean, integer (int64), or double (any other number, negative integers too). */
export function anyValue(v: AttributeValue): void {
  if (typeof v === 'string') str(1, 'stringValue', v)
  else if (typeof v === 'boolean') uint(2, 'boolValue', v)
  else if (!isUint(v)) double(4, 'doubleValue', v)
  else if (j) j.intValue = '' + v
  else uint(3, '', v)
}

function keyValue(key: string, v: AttributeValue): void {
  str(1, 'key', key)
  msg(2, 'value', anyValue, v)
}

/** Attribute keys (few, and written again and again) as field 1 of a KeyValue: tag, length and UTF-8. */
const keys = new Map<string, Uint8Array>()

function key(s: string): Uint8Array {
  let e = keys.get(s)
  if (!e) {
    // written by chars into a buffer of its own, the writer's state set aside meanwhile
    const out = b
    const at = p
    const n = utf8Length(s)
    b = e = new Uint8Array(1 + varintSize(n) + n)
    p = 0
    chars(1, s, n)
    b = out
    p = at
    if (keys.size < 200) keys.set(s, e) // bounded, should an app make up keys
  }
  return e
}

/**
 * An attribute (KeyValue) in repeated field `field`. In protobuf, sized in place from the key's bytes and
 * the value's length: one recorded length per string value, none per nesting level.
 */
export function attr(field: number, name: string, v: AttributeValue): void {
  if (j) return msg(field, 'attributes', keyValue, name, v)
  const kb = key(name)
  const text = typeof v === 'string'
  const n = text ? strLength(v as string) : 0
  const any = text ? 1 + varintSize(n) + n : typeof v === 'boolean' ? 2 : isUint(v as number) ? 1 + varintSize(v as number) : 9
  const size = kb.length + 1 + varintSize(any) + any
  varint((field << 3) | 2, size)
  const o = b
  if (!o) p += size
  else {
    o.set(kb, p)
    p += kb.length
    varint(18, any) // field 2, the AnyValue
    if (text) chars(1, v as string, n)
    else anyValue(v)
  }
}

/** Measures, then writes, the message `fn` writes, as protobuf: a view of the whole of its own ArrayBuffer. */
export function encode(fn: () => void): Uint8Array {
  j = b = null
  p = k = 0
  fn()
  const out = (b = new Uint8Array(p))
  view = new DataView(out.buffer)
  p = k = 0
  fn()
  b = null
  return out
}

/** The message `fn` writes, as OTLP/JSON. */
export function json(fn: () => void): string {
  const out = (j = {})
  fn()
  j = null // (also reset by encode, after a throw)
  return JSON.stringify(out)
}
