import type { Host } from './hosts/host'
import type { Platform } from './types'
import { validate, type MonitorOptions } from './config'
import { createMonitor, disabledMonitor, type Monitor } from './monitor'

export type HostFactory = () => Host | undefined

function complain(message: string) {
  if (typeof console !== 'undefined') console.error(message)
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
      if (typeof cfg === 'string') {
        complain(cfg)
        return disabledMonitor
      }
      let host: Host | undefined
      if (cfg.platform) host = hosts[cfg.platform] && hosts[cfg.platform]!()
      else for (const name in hosts) if (!host) host = hosts[name as Platform]!()
      if (!host) {
        complain(`[minimon] no supported platform found${cfg.platform ? ` for platform "${cfg.platform}"` : ''} (supported: ${Object.keys(hosts).join(', ')}). The monitor is disabled.`)
        return disabledMonitor
      }
      return (current = createMonitor(cfg, host))
    } catch (e) {
      complain('[minimon] init failed; the monitor is disabled: ' + String(e))
      return disabledMonitor
    }
  }

  /** Sends what the monitor made by `init` has queued. */
  const flush = (): Promise<void> => (current ? current.flush() : Promise.resolve())

  /** Shuts down the monitor made by `init`; a later `init` starts a new one. */
  function shutdown(): Promise<void> {
    const m = current
    current = undefined
    return m ? m.shutdown() : Promise.resolve()
  }

  /** The monitor `init` made, if any. */
  const getMonitor = (): Monitor | undefined => current

  return { init, flush, shutdown, getMonitor }
}
