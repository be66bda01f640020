import type { Monitor, MonitorOptions } from '@minimon/core'
import type { ReactNode } from 'react'
import { Taro, init, React } from './deps'
import { MonitorErrorBoundary } from './boundary'
import { MonitorContext, type Fallback, type Scope } from './context'
import { instrument } from './page'

// When this module runs, close to the start of the app's script: the launch is measured from here to the
// first page ready where the platform has no performance API of its own (Alipay). WeChat's
// wx.getPerformance() and the browser's Performance API, read by core, take precedence.
const started = Date.now()
const NAVIGATIONS = ['navigateTo', 'redirectTo', 'navigateBack', 'switchTab', 'reLaunch']
let launched: Monitor | undefined

export interface MonitorProviderProps {
  /** Starts the monitor with these options (once; a running monitor is reused). */
  options?: MonitorOptions
  /** A monitor made elsewhere (e.g. `init()` in a module of your own); wins over `options`. */
  monitor?: Monitor
  /**
   * Traces every page automatically (default true). `false`: call `usePageMonitor()` in each page yourself
   * and put a `<MonitorErrorBoundary>` inside it.
   */
  pages?: boolean
  /** A `<MonitorErrorBoundary>` around the whole app (default true). */
  errorBoundary?: boolean
  /** What the root and page boundaries render after a render error (default: nothing). */
  fallback?: Fallback
  children?: ReactNode
}

/**
 * Put at the root of `app.tsx`: starts the monitor once, provides it to `useMonitor()`, traces the app's
 * launch, navigations and every page, and reports React render errors.
 */
export function MonitorProvider(props: MonitorProviderProps) {
  const [scope] = React.useState<Scope>(() => {
    const monitor = props.monitor || init(props.options as MonitorOptions)
    if (launched !== monitor) {
      launched = monitor
      monitor.lifecycle('appLaunch', '', started)
    }
    return { m: monitor }
  })
  // Read when a boundary falls back, so a new value needs no re-render of the tree.
  scope.fallback = props.fallback
  const m = scope.m
  const web = m.platform == 'web'
  const lost = (path: unknown) => m.captureError('page not found: ' + path, { 'exception.type': 'pageNotFound' })

  // Mini programs: wx/my.onPageNotFound (core) is the source. H5 has no such browser event: Taro's router is.
  Taro.usePageNotFound((res: { path?: string }) => {
    if (web) lost(res.path)
  })

  React.useEffect(() => {
    const start = () => {
      scope.nav! |= 2
      m.lifecycle('routeStart')
    }
    if (web) {
      // H5: Taro's router announces every navigation (push, replace, back) before it loads the page.
      Taro.eventCenter.on('__taroRouterChange', start)
      return () => {
        Taro.eventCenter.off('__taroRouterChange', start)
      }
    }
    // Mini programs: a route starts when the app calls one of Taro's navigation APIs. The platforms call
    // onPageNotFound only for a missing entry page; a navigation to a missing page only fails: report it.
    const saved: Record<string, unknown> = {}
    for (const k of NAVIGATIONS) {
      const f = (saved[k] = (Taro as any)[k])
      if (typeof f == 'function') {
        ;(Taro as any)[k] = function (this: unknown, o?: any) {
          start()
          return f.call(
            this,
            o &&
              Object.assign({}, o, {
                fail(r: any) {
                  if (/not found/.test(r && (r.errMsg || r.errorMessage))) lost(o.url)
                  if (o.fail) o.fail(r)
                },
              }),
          )
        }
      }
    }
    // (the cleanup's return value is not read)
    return () => Object.assign(Taro, saved)
  }, [m])

  let children = props.pages === false ? props.children : instrument(props.children)
  if (props.errorBoundary !== false) children = React.createElement(MonitorErrorBoundary, null, children)
  return React.createElement(MonitorContext.Provider, { value: scope }, children)
}
