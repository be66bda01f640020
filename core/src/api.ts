import type { Host } from './hosts/host'
import type { Platform } from './types'
import { say, validate, type MonitorOptions } from './config'
import { createMonitor, disabledMonitor, type Monitor } from './monitor'

/**
 * The platform's host when the app runs there, else undefined. `forced`: the `platform` option named it, so
 * it skips the checks that tell aliased platforms apart (DingTalk's `my`, Feishu's `tt`, QQ's `wx`).
 */
export type HostFactory = (forced?: boolean) => Host | undefined

/** Says why (one console error) and hands out the monitor whose methods do nothing. */
function disabled(message: string): Monitor {
  say('error', message)
  return disabledMonitor
}

/** The platform's own object (`wx`, `my`, `window`) when the app runs there, else undefined. */
export type PlatformScope = () => object | false | undefined

type Slot = { __minimon?: Monitor; __minimonAdapter?: 1 }
const get = (s: Slot) => s.__minimon

/**
 * The public functions, bound to the hosts an entry point carries (all, or one platform's). The running
 * monitor lives on the platform's objects that `scopes` find: they exist once per app run, and every entry
 * point finds the same ones, so an adapter that loads `@minimon/core/wechat` (the one host its build
 * targets) and an app that imports `init` from `@minimon/core` share one monitor. Without a scope the entry
 * point keeps its own.
 */
export function createApi(hosts: Partial<Record<Platform, HostFactory>>, scopes: PlatformScope[] = []) {
  const own: Slot = {}
  /**
   * Calls `fn` on each platform object found now that can keep a property (a frozen one cannot), or on
   * `own` when there is none, until `fn` returns something. Allocates nothing: adapters ask for the running
   * monitor on every event they report.
   */
  function each<T>(fn: (s: Slot) => T): T | undefined {
    let found = false
    for (const scope of scopes) {
      const s = scope() as Slot | false | undefined
      if (s && Object.isExtensible(s)) {
        found = true
        const r = fn(s)
        if (r) return r
      }
    }
    return found ? undefined : fn(own)
  }
  const running = (): Monitor | undefined => each(get)
  const keep = (m: Monitor | undefined) => {
    each((s) => {
      s.__minimon = m
    })
    return m
  }

  /**
   * Starts monitoring. Never throws: bad options print one error naming the option and the monitor runs
   * disabled. A second call while a monitor runs returns that monitor.
   */
  function init(options: MonitorOptions): Monitor {
    try {
      const m = running()
      if (m) return m
      const cfg = validate(options)
      if (typeof cfg === 'string') return disabled(cfg)
      const p = cfg.platform
      let host: Host | undefined
      // the first host whose platform is there (in the order given), or the one `platform` names
      for (const name in hosts) if (!host && (!p || p === name)) host = hosts[name as Platform]!(!!p)
      return host
        ? keep(createMonitor(cfg, host, () => each((s) => s.__minimonAdapter)))!
        : disabled(`no platform found (${p || Object.keys(hosts)}). The monitor is disabled.`)
    } catch (e) {
      return disabled(`init failed (${e}). The monitor is disabled.`)
    }
  }

  return {
    init,
    /** Sends what the monitor made by `init` has queued. */
    flush: (): Promise<void> => (running() || disabledMonitor).flush(),
    /** Shuts down the monitor made by `init`; a later `init` starts a new one. */
    shutdown(): Promise<void> {
      const m = running() || disabledMonitor
      keep(undefined)
      return m.shutdown()
    },
    /** The monitor `init` made, if any. */
    getMonitor: running,
    /**
     * For adapters, called when they are set up (before the lifecycle they report): their `lifecycle` reports
     * become the one source of app and page lifecycle, and core's own `App`/`Page` wrappers stay silent.
     */
    claimLifecycle(): void {
      each((s) => {
        s.__minimonAdapter = 1
      })
    },
  }
}
