import type { LifecycleEvent } from '@minimon/core'
import type { ReactNode } from 'react'
import { Taro, React } from './deps'
import { MonitorErrorBoundary } from './boundary'
import { MonitorContext, PageContext, normalizePath, pick, type Scope } from './context'

/**
 * Traces the page it is called in through Taro's page hooks: load (at the time Taro stamped the page's
 * `onLoad`), show, ready, hide and unload, under the page path without its leading slash or query.
 * `<MonitorProvider>` already does this for every page; call it yourself only with `pages={false}` (and
 * put a `<MonitorErrorBoundary>` inside the page: Taro's own page wrapper swallows render errors and blanks
 * the page). Inside a page that is already traced it does nothing.
 */
export function usePageMonitor(): void {
  const scope = React.useContext(MonitorContext)
  const traced = React.useContext(PageContext)
  const router: any = Taro.useRouter() || {}
  const route = normalizePath(router.path)
  const report = (event: LifecycleEvent, time?: number) => {
    const m = !traced && pick(scope)
    const shared = scope || ({} as Scope)
    if (m) {
      if (event == 'pageLoad') {
        // A navigation nobody saw start (a native <navigator>, wx.navigateTo): its route starts at the page load.
        if (shared.nav == 1) m.lifecycle('routeStart', route, time)
        shared.nav! |= 1
      }
      if (event == 'pageShow') shared.nav! &= 1
      m.lifecycle(event, route, time)
    }
  }
  Taro.useLoad(() => report('pageLoad', +(router.params || {}).$taroTimestamp || Date.now()))
  Taro.useDidShow(() => report('pageShow'))
  Taro.useReady(() => report('pageReady'))
  Taro.useDidHide(() => report('pageHide'))
  Taro.useUnload(() => report('pageUnload'))
}

// Gets the props of the page-id provider it goes into (its `children` are the page), and hands them on to the
// page's boundary, which reads only `children` of them.
function Traced(props: { children?: ReactNode }) {
  usePageMonitor()
  return React.createElement(PageContext.Provider, { value: true }, React.createElement(MonitorErrorBoundary, props))
}

const wrappers = new WeakMap<object, any>()

/**
 * @internal Finds the page elements Taro's app wrapper renders as the app's children (class components
 * with a `tid` prop: Taro's page wrapper, an error boundary that renders the page inside its page-id context
 * provider, `<Context.Provider value={tid}>`) and renders each through a subclass whose output gets the
 * tracing scope just inside that provider (the second pass, with `id` set). Anything it does not recognise
 * is left as it is.
 */
export function instrument(node: any, id?: string): any {
  if (Array.isArray(node)) {
    const out = node.map((n) => instrument(n, id))
    return out.some((n, i) => n !== node[i]) ? out : node
  }
  // (what is no element has no props: strings, numbers, nothing)
  const props = node && (node.props as any)
  if (!props) return node
  const type = node.type as any
  if (id) {
    if (props.value === id) return React.cloneElement(node, undefined, React.createElement(Traced, props))
  } else if (props.tid && type.prototype && type.prototype.render) {
    let Page = wrappers.get(type)
    if (!Page)
      wrappers.set(
        type,
        (Page = class extends type {
          render() {
            return instrument(super.render(), this.props.tid)
          }
        }),
      )
    return React.createElement(Page, Object.assign({}, props, { key: node.key }))
  }
  const next = instrument(props.children, id)
  return next === props.children ? node : React.cloneElement(node, undefined, next)
}
