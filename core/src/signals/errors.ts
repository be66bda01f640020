import type { Attributes, ErrorEvent, ErrorType } from '../types'

export const MAX_MESSAGE = 1024
export const MAX_STACK = 8192

export function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) + '…' : s
}

/** A readable string for any thrown value: Errors, strings, cyclic or null-prototype objects, symbols. */
export function describe(value: unknown): string {
  try {
    if (typeof value === 'string') return value
    if (value && typeof value === 'object') {
      const m = (value as { message?: unknown }).message
      if (typeof m === 'string') return m
      return JSON.stringify(value) || Object.prototype.toString.call(value)
    }
    return String(value)
  } catch (e) {
    return Object.prototype.toString.call(value)
  }
}

/** message, stack and class name of any thrown value, bounded in size. */
export function normalize(value: unknown): { message: string; stack: string; name: string } {
  let stack = ''
  let name = ''
  try {
    const v = value as { stack?: unknown; name?: unknown }
    if (v && typeof v === 'object') {
      if (typeof v.stack === 'string') stack = v.stack
      if (typeof v.name === 'string') name = v.name
    }
  } catch (e) {
    // a throwing getter on the thrown value
  }
  let message = describe(value)
  if (name && message.indexOf(name) !== 0) message = name + ': ' + message
  return { message: clip(message || 'Unknown error', MAX_MESSAGE), stack: clip(stack, MAX_STACK), name }
}

/**
 * Platforms hand over the bare message and a stack whose first line is `Name: message`; the class name
 * makes the message self-explaining, as captured errors are.
 */
export function withName(message: string, stack: string): string {
  const nl = stack.indexOf('\n')
  const first = nl < 0 ? stack : stack.slice(0, nl)
  return first.length > message.length && first.slice(-message.length) === message && /^[\w$.]+: /.test(first) ? first : message
}

/**
 * Folds repeats of the same error (type, message, page) into the first event while it still waits in the
 * queue, so a render loop yields one event per flush with its count instead of flooding the network.
 */
export function createErrorFolder(waiting: (e: ErrorEvent) => boolean) {
  let recent: Record<string, ErrorEvent> = {}
  let size = 0
  return (e: ErrorEvent): boolean => {
    const key = e.type + '\n' + e.page + '\n' + e.message
    const prev = recent[key]
    if (prev && waiting(prev)) {
      prev.count++
      return true
    }
    if (++size > 100) {
      recent = {}
      size = 1
    }
    recent[key] = e
    return false
  }
}

export function ignored(patterns: readonly (string | RegExp)[], message: string): boolean {
  for (const p of patterns) if (typeof p === 'string' ? message.indexOf(p) >= 0 : message.search(p) >= 0) return true
  return false
}

/** Picks the `exception.type` a caller asked for, when it is one OAP counts. */
export function typeFrom(attributes: Attributes | undefined, fallback: ErrorType): ErrorType {
  const t = attributes && attributes['exception.type']
  return t === 'js' || t === 'promise' || t === 'ajax' || t === 'pageNotFound' ? t : fallback
}
