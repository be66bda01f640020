import type { Host } from './hosts/host'
import type { Platform } from './types'
import { validate, type MonitorOptions } from './config'
import { createMonitor, disabledMonitor, type Monitor } from './monitor'

export type HostFactory = () => Host | undefined

/** Says why (one console error) and hands out the monitor whose methods do nothing. */
function disabled(message: string): Monitor {
  if (typeof console !== 'undefined') console.error(message)
  return disabledMonitor
}

/** The public functions, bound to the hosts an entry point carries (all, or one platform's). */
export function createApi(hosts: Partial<Record<Platform, HostFactory>>) {
  let current: Monitor | undefined

  /**
   * Starts monitoring. Never throws: bad options print one error naming the option and the monitor runs
   * disabled. A second call while a monitor runs returns that monitor.
   */
  function init(options: MonitorOptions): Monitor {
    try {
      if (current) return current
      const cfg = validate(options)
      if (typeof cfg === 'string') return disabled(cfg)
      const p = cfg.platform
      let host: Host | undefined
      // the first host whose platform is there, or the one `platform` names
      for (const name in hosts) if (!host && (!p || p === name)) host = hosts[name as Platform]!()
      return host
        ? (current = createMonitor(cfg, host))
        : disabled(`[minimon] no supported platform found${p ? ` for platform "${p}"` : ''} (supported: ${Object.keys(hosts).join(', ')}). The monitor is disabled.`)
    } catch (e) {
      return disabled('[minimon] init failed; the monitor is disabled: ' + e)
    }
  }

  return {
    init,
    /** Sends what the monitor made by `init` has queued. */
    flush: (): Promise<void> => (current || disabledMonitor).flush(),
    /** Shuts down the monitor made by `init`; a later `init` starts a new one. */
    shutdown(): Promise<void> {
      const m = current || disabledMonitor
      current = undefined
      return m.shutdown()
    },
    /** The monitor `init` made, if any. */
    getMonitor: (): Monitor | undefined => current,
  }
}
