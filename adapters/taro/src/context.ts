import type { Monitor } from '@minimon/core'
import type { ReactNode } from 'react'
import { getMonitor, React } from './deps'

/** What a boundary shows instead of the tree that failed: a node, or a function of the error and a reset. */
export type Fallback = ReactNode | ((error: unknown, reset: () => void) => ReactNode)

/** @internal What `<MonitorProvider>` gives the tree below it. */
export interface Scope {
  m: Monitor
  fallback?: Fallback
  /**
   * Navigation state, bits: 1 a page loaded before, 2 a navigation was seen to start and its page is not
   * shown yet.
   */
  nav?: number
}

/** @internal */
export const MonitorContext = React.createContext<Scope | undefined>(undefined)

/** @internal True below a page that is already traced (so `usePageMonitor()` in such a page stays out of the way). */
export const PageContext = React.createContext(false)

/** @internal The monitor of the nearest provider, else the one `init()` made elsewhere. */
export const pick = (s: Scope | undefined): Monitor | undefined => (s ? s.m : getMonitor())

/**
 * The running monitor: the one `<MonitorProvider>` started or was given, else the one `init()` made
 * elsewhere; `undefined` when there is none. Its methods never throw.
 */
export const useMonitor = (): Monitor | undefined => pick(React.useContext(MonitorContext))

/** Page route as minimon reports it: no leading slash, no `?query` (H5's `?stamp=`) or `#hash`. */
export const normalizePath = (path: unknown): string => String(path || '').replace(/^\/+|[?#].*/g, '')
