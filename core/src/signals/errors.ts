import type { Attributes, ErrorEvent, ErrorType } from '../types'
import type { QueuedRecord } from '../pipeline/queue'

export const MAX_MESSAGE = 1024
export const MAX_STACK = 8192

export function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) + '…' : s
}

const toText = (value: unknown) => Object.prototype.toString.call(value)

/** A readable string for any thrown value: Errors, strings, cyclic or null-prototype objects, symbols. */
export function describe(value: unknown): string {
  try {
    if (!value || typeof value !== 'object') return String(value)
    const m = (value as { message?: unknown }).message
    return typeof m === 'string' ? m : JSON.stringify(value) || toText(value)
  } catch (e) {
    return toText(value)
  }
}

/** A string property of a thrown value ('' when absent or when its getter throws). */
export function textOf(value: unknown, key: 'name' | 'stack'): string {
  try {
    const v = value && typeof value === 'object' && (value as Record<string, unknown>)[key]
    return typeof v === 'string' ? v : ''
  } catch (e) {
    return ''
  }
}

/** The stack of a thrown value, bounded. */
export const stackOf = (value: unknown) => clip(textOf(value, 'stack'), MAX_STACK)

/**
 * Platforms hand over the bare message and a stack whose first line is `Name: message`; the class name
 * makes the message self-explaining, as captured errors are. A name is word characters, `$` and `.`.
 */
export function withName(message: string, stack: string): string {
  let end = stack.indexOf('\n')
  if (end < 0) end = stack.length
  const at = end - message.length
  let i = 0
  let c: number
  // [\w$.]+ without a regular expression: letters fold to lower case, `_` (95) to 127
  while (((c = stack.charCodeAt(i) | 32) > 96 && c < 123) || (c > 47 && c < 58) || c === 36 || c === 46 || c === 127) i++
  return message && i && at > 0 && stack.charCodeAt(i) === 58 && stack.charCodeAt(i + 1) === 32 && stack.lastIndexOf(message, at) === at ? stack.slice(0, end) : message
}

/**
 * Folds repeats of the same error (type, message, page) into the first event while it still waits in the
 * queue, so a render loop yields one event per flush with its count instead of flooding the network. The
 * last 16 distinct errors are remembered by their queue ticket (`at` gives the record while it waits); a
 * message is its key and name, compared by length and two characters before the strings themselves: no
 * string is hashed or joined.
 */
export function createFolder(at: (ticket: number) => QueuedRecord | undefined) {
  // [signature, key, name, ticket] × 16
  const seen: (string | number)[] = []
  let next = 0
  // (a small integer: NaN of an empty key is 0)
  const sign = (key: string) => ((key.charCodeAt(key.length - 1) << 12) | (key.charCodeAt(key.length >> 1) & 4095)) ^ key.length
  return {
    find(type: ErrorType, page: string, key: string, name: string): ErrorEvent | undefined {
      const s = sign(key)
      for (let i = 0; i < seen.length; i += 4)
        if (seen[i] === s && seen[i + 1] === key && seen[i + 2] === name) {
          const r = at(seen[i + 3] as number) as ErrorEvent | undefined
          if (r && r.type === type && r.page === page) return r
        }
    },
    remember(key: string, name: string, ticket: number) {
      seen[next] = sign(key)
      seen[next + 1] = key
      seen[next + 2] = name
      seen[next + 3] = ticket
      next = (next + 4) & 63
    },
  }
}

export function ignored(patterns: readonly (string | RegExp)[], message: string): boolean {
  for (const p of patterns) if (typeof p === 'string' ? message.indexOf(p) >= 0 : message.search(p) >= 0) return true
  return false
}

/** Picks the `exception.type` a caller asked for, when it is one OAP counts. */
export function typeFrom(attributes: Attributes | undefined, fallback: ErrorType): ErrorType {
  const t = attributes && attributes['exception.type']
  return ['js', 'promise', 'ajax', 'pageNotFound'].indexOf(t as string) < 0 ? fallback : (t as ErrorType)
}
