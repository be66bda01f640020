// State shared by every part of one simulated app instance, and the platform's own error catching:
// a throw from app code (lifecycle, event handler, API callback, timer) never escapes to the host; it goes
// to App.onError and the wx/my.onError listeners in the platform's format, and the app keeps running.

import { Listeners } from './listeners'
import type { NetworkPool } from './network'
import type { SimStorage } from './storage'
import { realSetImmediate, type SimTimers } from './timers'
import type { Base, LaunchOptions, Options } from './types'

export interface RuntimeListeners {
  error: Listeners<unknown[]>
  unhandledRejection: Listeners<[{ reason: unknown; promise: Promise<unknown> }]>
  pageNotFound: Listeners<[{ path: string; query: Record<string, string>; isEntryPage: boolean }]>
  appShow: Listeners<[LaunchOptions]>
  appHide: Listeners<[]>
  /** `{ isConnected, networkType }` on both platforms (WeChat's types lower case, Alipay's upper case). */
  networkStatusChange: Listeners<[{ isConnected: boolean; networkType: string }]>
  /** `{ level }` (Android's trim-memory levels 5, 10, 15). */
  memoryWarning: Listeners<[{ level: number }]>
}

/** The parts of an error the platforms report: message and stack as strings. */
export function errorParts(err: unknown): { message: string; stack: string } {
  if (err instanceof Error) return { message: err.message, stack: err.stack ?? '' }
  if (err && typeof err === 'object' && 'message' in err) {
    const o = err as { message: unknown; stack?: unknown }
    return { message: String(o.message), stack: typeof o.stack === 'string' ? o.stack : '' }
  }
  return { message: String(err), stack: '' }
}

/**
 * WeChat hands onError one string: "MiniProgramError\n<message>\n<stack>" (current base libraries; the
 * stack itself starts with "<Name>: <message>"). Older libraries used "thirdScriptError\n..." instead.
 */
export function wechatErrorString(err: unknown): string {
  const { message, stack } = errorParts(err)
  return stack ? `MiniProgramError\n${message}\n${stack}` : `MiniProgramError\n${message}`
}

export class Runtime {
  alive = true
  app: Options | undefined
  launchOptions: LaunchOptions | undefined
  readonly listeners: RuntimeListeners = {
    error: new Listeners(),
    unhandledRejection: new Listeners(),
    pageNotFound: new Listeners(),
    appShow: new Listeners(),
    appHide: new Listeners(),
    networkStatusChange: new Listeners(),
    memoryWarning: new Listeners(),
  }
  /** Every error the platform caught, in order (handy in tests). */
  readonly caughtErrors: unknown[] = []
  /** How onError receives an error: the base platform's way, or one string "message\nstack" (see platforms.ts). */
  errorFormat: 'base' | 'plain' = 'base'
  /** False on platforms without an unhandled-rejection event. */
  rejectionEvent = true
  /** Fields of every page instance beyond the base's, and read-only instance methods (see platforms.ts). */
  pageFields: ((pageId: number) => Record<string, unknown>) | undefined
  readOnlyMethods: string[] = []
  /** Page() pages get onInit(query) before onLoad (see platforms.ts). */
  pageOnInit = false
  /** How Component() pages differ from WeChat's, with `onInit` resolved against the base library (see platforms.ts). */
  componentPage: { pageInstance: boolean; showBeforeLoad: boolean; onInit: boolean; methodsAndDispatch: boolean } | undefined
  /** Page instances made so far (the next one's pageId is this + 1). */
  pagesMade = 0
  private reporting = false

  constructor(
    /** The API shape (WeChat's or Alipay's) of the platform. */
    readonly platform: Base,
    readonly storage: SimStorage,
    readonly network: NetworkPool,
    readonly timers: SimTimers,
  ) {}

  /** Runs app code as the platform does: a throw is reported, never rethrown. */
  call<T>(fn: unknown, thisArg: unknown, args: unknown[] = []): T | undefined {
    if (typeof fn !== 'function' || !this.alive) return undefined
    try {
      return fn.apply(thisArg, args) as T
    } catch (e) {
      this.reportError(e)
      return undefined
    }
  }

  /** Calls a user callback (success/fail/complete, task listeners) later, as the native bridge does. */
  callback(fn: unknown, ...args: unknown[]): void {
    if (typeof fn !== 'function') return
    realSetImmediate(() => this.call(fn, undefined, args))
  }

  reportError(err: unknown): void {
    if (!this.alive) return
    this.caughtErrors.push(err)
    // An onError handler that throws would otherwise loop forever.
    if (this.reporting) {
      console.error('[sim] error inside an onError handler:', err)
      return
    }
    this.reporting = true
    try {
      if (this.platform === 'wechat' || this.errorFormat === 'plain') {
        const { message, stack } = errorParts(err)
        const msg = this.errorFormat === 'plain' ? (stack ? `${message}\n${stack}` : message) : wechatErrorString(err)
        this.safe(this.app?.onError, this.app, [msg])
        this.listeners.error.each((fn) => this.safe(fn, undefined, [msg]))
      } else {
        const { message, stack } = errorParts(err)
        this.safe(this.app?.onError, this.app, [message, stack])
        this.listeners.error.each((fn) => this.safe(fn, undefined, [message, stack]))
      }
    } finally {
      this.reporting = false
    }
  }

  reportRejection(reason: unknown, promise: Promise<unknown>): void {
    if (!this.alive || !this.rejectionEvent) return
    const res = { reason, promise }
    this.safe(this.app?.onUnhandledRejection, this.app, [res])
    this.listeners.unhandledRejection.each((fn) => this.safe(fn, undefined, [res]))
  }

  private safe(fn: unknown, thisArg: unknown, args: unknown[]): void {
    if (typeof fn !== 'function') return
    try {
      fn.apply(thisArg, args)
    } catch (e) {
      this.reportError(e)
    }
  }
}
