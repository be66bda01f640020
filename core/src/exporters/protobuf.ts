/**
 * A minimal protobuf writer. Every message is walked twice by the same code: first with no buffer, which
 * measures each nested message and string and records their lengths in pre-order; then into a buffer of
 * the exact size, taking those lengths back in the same order. Each byte is written once, with no copies
 * per nesting level. No TextEncoder (missing on some devices): strings are encoded to UTF-8 by hand.
 */
export interface Writer {
  /** null while measuring */
  b: Uint8Array | null
  /** position (or, while measuring, size so far) */
  p: number
  /** lengths recorded while measuring */
  l: number[]
  /** next length to take while writing */
  k: number
}

export type Encode<T> = (w: Writer, value: T) => void

function varintSize(v: number): number {
  let n = 1
  while (v >= 128) {
    v = Math.floor(v / 128)
    n++
  }
  return n
}

/** Non-negative integers up to 2^53. */
export function varint(w: Writer, v: number): void {
  const b = w.b
  if (!b) {
    w.p += v < 128 ? 1 : varintSize(v)
    return
  }
  while (v >= 128) {
    b[w.p++] = (v % 128) | 128
    v = Math.floor(v / 128)
  }
  b[w.p++] = v
}

/** A tag of wire type `type` for field `field`, then a varint. */
export function uint(w: Writer, field: number, v: number): void {
  varint(w, field << 3)
  varint(w, v)
}

export function utf8Length(s: string): number {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x80) {
      if (c < 0x800) n++
      else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        n += 2
        i++
      } else n += 2
    }
  }
  return n
}

export function str(w: Writer, field: number, s: string): void {
  const b = w.b
  if (!b) {
    const n = utf8Length(s)
    w.l.push(n)
    w.p += 1 + (field > 15 ? 1 : 0) + varintSize(n) + n
    return
  }
  const n = w.l[w.k++]
  varint(w, (field << 3) | 2)
  varint(w, n)
  let p = w.p
  if (n === s.length) {
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i)
  } else {
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i)
      if (c < 0x80) b[p++] = c
      else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6)
        b[p++] = 0x80 | (c & 63)
      } else {
        if (c >= 0xd800 && c < 0xe000) {
          const d = s.charCodeAt(i + 1)
          if (c < 0xdc00 && (d & 0xfc00) === 0xdc00) {
            c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
            i++
            b[p++] = 0xf0 | (c >> 18)
            b[p++] = 0x80 | ((c >> 12) & 63)
            b[p++] = 0x80 | ((c >> 6) & 63)
            b[p++] = 0x80 | (c & 63)
            continue
          }
          c = 0xfffd
        }
        b[p++] = 0xe0 | (c >> 12)
        b[p++] = 0x80 | ((c >> 6) & 63)
        b[p++] = 0x80 | (c & 63)
      }
    }
  }
  w.p = p
}

/** A nested message: `encode(w, value)` writes its fields. */
export function msg<T>(w: Writer, field: number, encode: Encode<T>, value: T): void {
  if (!w.b) {
    const i = w.l.length
    w.l.push(0)
    const start = w.p
    encode(w, value)
    const n = w.p - start
    w.l[i] = n
    w.p += 1 + varintSize(n)
    return
  }
  const n = w.l[w.k++]
  varint(w, (field << 3) | 2)
  varint(w, n)
  encode(w, value)
}

const f64 = new Float64Array(1)
const f64bytes = new Uint8Array(f64.buffer)

function raw8(w: Writer, lo: number, hi: number): void {
  const b = w.b
  if (!b) {
    w.p += 8
    return
  }
  let p = w.p
  b[p++] = lo
  b[p++] = lo >>> 8
  b[p++] = lo >>> 16
  b[p++] = lo >>> 24
  b[p++] = hi
  b[p++] = hi >>> 8
  b[p++] = hi >>> 16
  b[p++] = hi >>> 24
  w.p = p
}

/** 8 little-endian bytes of a non-negative integer below 2^53 (fixed64, sfixed64). */
export function fixed64(w: Writer, v: number): void {
  raw8(w, v % 0x100000000, Math.floor(v / 0x100000000))
}

/**
 * Epoch milliseconds as fixed64 nanoseconds. ms × 10^6 passes 2^53, so the product is built from 16-bit
 * halves of ms where every intermediate value stays exact.
 */
export function nanos(w: Writer, field: number, ms: number): void {
  varint(w, (field << 3) | 1)
  ms = Math.floor(ms)
  const high = Math.floor(ms / 65536) * 1e6 // < 2^45
  let lo = (high % 65536) * 65536 + (ms % 65536) * 1e6
  const hi = Math.floor(high / 65536) + Math.floor(lo / 0x100000000)
  lo %= 0x100000000
  raw8(w, lo, hi)
}

export function double(w: Writer, field: number, v: number): void {
  varint(w, (field << 3) | 1)
  if (!w.b) {
    w.p += 8
    return
  }
  f64[0] = v
  w.b.set(f64bytes, w.p)
  w.p += 8
}

/** A packed repeated field of 8-byte values (fixed64 counts or doubles). */
export function packed8(w: Writer, field: number, values: readonly number[], asDouble: boolean): void {
  varint(w, (field << 3) | 2)
  varint(w, values.length * 8)
  for (const v of values) {
    if (asDouble && w.b) {
      f64[0] = v
      w.b.set(f64bytes, w.p)
      w.p += 8
    } else if (asDouble) w.p += 8
    else fixed64(w, v)
  }
}

/** Measures, then writes, `value` as a top-level message. */
export function encode<T>(fn: Encode<T>, value: T): Uint8Array {
  const w: Writer = { b: null, p: 0, l: [], k: 0 }
  fn(w, value)
  w.b = new Uint8Array(w.p)
  w.p = 0
  fn(w, value)
  return w.b
}
