import type { Config } from '../config'
import type { Host } from '../hosts/host'
import type { Pipeline } from '../pipeline/pipeline'
import type { Attributes, ErrorEvent, ErrorType, MonitorEvent } from '../types'
import { normalizeRoute, occurs } from '../util/url'
import type { Context } from './context'

export const MAX_MESSAGE = 1024
export const MAX_STACK = 8192

export function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) + '…' : s
}

const toText = (value: unknown) => ({}).toString.call(value)

/**
 * A readable string for any thrown value: Errors, strings, cyclic or null-prototype objects, symbols.
 * Objects are serialised within a budget (20 items per array, 100 values in all): the message keeps 1 KB,
 * and a rejection with a large payload must not stall the app's thread while it is written out in full.
 */
export function describe(value: unknown): string {
  try {
    if (!value || typeof value !== 'object') return String(value)
    const m = (value as { message?: unknown }).message
    if (typeof m === 'string') return m
    let n = 0
    return JSON.stringify(value, (k, v) => (++n > 100 ? undefined : Array.isArray(v) && v.length > 20 ? v.slice(0, 20) : v)) || toText(value)
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

const NAME = /[\w$.]+: /y

/**
 * Platforms hand over the bare message and a stack whose first line is `Name: message`; the class name
 * makes the message self-explaining, as captured errors are. A name is word characters, `$` and `.`.
 */
export function withName(message: string, stack: string): string {
  let end = stack.indexOf('\n')
  if (end < 0) end = stack.length
  // no message: the name alone (`RangeError`, `RangeError: `), so that the body is never empty
  if (!message) return (/^[\w$.]+(?=:?\s*$)/.exec(stack.slice(0, end)) || [''])[0]
  const at = end - message.length
  NAME.lastIndex = 0
  return at > 0 && NAME.test(stack) && stack.lastIndexOf(message, at) === at ? stack.slice(0, end) : message
}

const ERROR_TYPE = /^[\w.-]{1,32}$/

/**
 * The error signal: the platform's error, rejection and page-not-found hooks, `capture` (the monitor's
 * `captureError`) and `report` for errors other signals find (failed requests). `stop` removes the hooks.
 *
 * Repeats of the same error (type, message, page) fold into the first event while it still waits in the
 * queue, so a render loop yields one event per flush with its count instead of flooding the network. The
 * last 16 distinct errors are remembered by their queue ticket (`pipeline.at` gives the record while it
 * waits), compared by length and last character before the strings themselves: no string is hashed or joined.
 */
export function errorSignal(
  cfg: Config,
  host: Host,
  pipeline: Pipeline,
  page: () => string,
  keep: <T extends MonitorEvent>(e: T) => T | undefined,
  ctx: Context,
) {
  let stopped = false
  // the last 16 distinct errors: signature, key, name and queue ticket, each in a ring of its own
  const sigs: number[] = []
  const keys: string[] = []
  const names: string[] = []
  const tickets: number[] = []
  let next = 0

  /**
   * The message is `name: key` (the class of a captured Error), or `key` when there is no name or the key
   * already starts with it. `stack` is a string, or the thrown value: then its stack is read when the
   * record leaves the queue, not at capture.
   */
  function report(type: ErrorType, key: string, stack: unknown, attributes?: Attributes, at?: string, name = '') {
    if (stopped || ctx.consent < 0 || !cfg.enable.error) return
    const where = at || page()
    // bounded here, where every source meets: platform hooks hand over strings of any length
    key = clip(key, MAX_MESSAGE)
    // signature: length and last character, a small integer (NaN of an empty key is 0)
    const s = (key.charCodeAt(key.length - 1) << 11) ^ key.length
    // (indexOf: the engine's own loop; without a JIT, one written here costs a tenth of a capture)
    for (let i = sigs.indexOf(s); i >= 0; i = sigs.indexOf(s, i + 1))
      if (keys[i] === key && names[i] === name) {
        const r = pipeline.at(tickets[i]) as ErrorEvent | undefined
        // a repeat of an error still waiting to be sent only counts
        if (r && r.type === type && r.page === where) return r.count++
      }
    // `TypeError: message`, as platforms print it; never an empty body: the name, else the category
    const message = !key ? name || type : name && key.lastIndexOf(name, 0) ? name + ': ' + key : key
    if (occurs(cfg.ignoreErrors, message)) return
    const time = Date.now()
    const e = keep<ErrorEvent>({
      kind: 'error',
      id: '',
      time,
      type,
      message: clip(message, MAX_MESSAGE),
      stack: typeof stack === 'string' ? clip(stack, MAX_STACK) : (stack as string),
      page: where,
      // with session, user and breadcrumbs (written out when the record leaves the queue, unless beforeSend looks)
      attributes: ctx.attributes(attributes, time, !cfg.beforeSend),
      count: 1,
    })
    if (e) {
      sigs[next] = s
      keys[next] = key
      names[next] = name
      tickets[next] = pipeline.push(e)
      next = (next + 1) & 15
    }
  }

  function capture(type: ErrorType, value: unknown, attributes?: Attributes) {
    const key = describe(value)
    const name = textOf(value, 'name')
    // beforeSend sees the stack
    report(type, key, !cfg.beforeSend && value && typeof value === 'object' ? value : stackOf(value), attributes, '', name)
  }

  const off = [
    host.onError((message, stack, attributes) => report('js', withName(message, stack), stack, attributes)),
    host.onRejection((reason) => capture('promise', reason)),
    host.onPageNotFound((path) => {
      const route = normalizeRoute(path)
      report('pageNotFound', 'page not found: ' + route, '', undefined, route)
    }),
  ]

  return {
    report,
    capture(error: unknown, attributes?: Attributes) {
      try {
        // scalars only, copied: an object, symbol or bigint value would make the encoder throw and lose its batch
        let a: Attributes | undefined
        if (attributes && typeof attributes === 'object') {
          a = {}
          for (const k in attributes) {
            const v = attributes[k]
            if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && isFinite(v))) a[k] = v
          }
        }
        // the caller's own category (OAP counts any non-empty type) when it is a short identifier
        let t = a && a['exception.type']
        if (t !== undefined && !(typeof t === 'string' && ERROR_TYPE.test(t))) {
          pipeline.drop('exception_type')
          t = undefined
        }
        capture((t as ErrorType) || 'js', error, a)
      } catch (e) {
        // never into the app
      }
    },
    stop() {
      stopped = true
      off.forEach((f) => f())
    },
  }
}
