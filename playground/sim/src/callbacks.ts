// The success/fail/complete contract of asynchronous platform APIs: each runs at most once, later than
// the call, and never after the app was killed. Without any callback the API returns a Promise instead
// (WeChat base library >= 2.10.2 and Alipay 2.x do this for promise-capable APIs).

import type { Runtime } from './runtime'
import type { Result } from './types'

export interface Outcome {
  ok: boolean
  res: Result
}

interface CallbackOptions {
  success?: unknown
  fail?: unknown
  complete?: unknown
}

export function hasCallbacks(opts: CallbackOptions | undefined): boolean {
  return !!opts && (typeof opts.success === 'function' || typeof opts.fail === 'function' || typeof opts.complete === 'function')
}

/** Delivers an outcome to the callbacks of `opts`. */
export function settle(rt: Runtime, opts: CallbackOptions | undefined, outcome: Outcome): void {
  if (!rt.alive || !opts) return
  rt.callback(outcome.ok ? opts.success : opts.fail, outcome.res)
  rt.callback(opts.complete, outcome.res)
}

/** Callbacks when given, else a Promise that resolves with the success result or rejects with the fail result. */
export function settleOrPromise(rt: Runtime, opts: CallbackOptions | undefined, work: Promise<Outcome>): Promise<Result> | undefined {
  if (hasCallbacks(opts)) {
    void work.then((o) => settle(rt, opts, o))
    return undefined
  }
  return new Promise<Result>((resolve, reject) => {
    void work.then((o) => {
      if (!rt.alive) return
      if (o.ok) resolve(o.res)
      else reject(o.res)
    })
  })
}
