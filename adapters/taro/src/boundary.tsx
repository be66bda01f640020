import type { ErrorInfo, ReactNode } from 'react'
import type { Attributes } from '@minimon/core'
import { React } from './deps'
import { MonitorContext, pick, type Fallback, type Scope } from './context'

export interface MonitorErrorBoundaryProps {
  /**
   * Shown instead of the children after a render error; a function gets the error and a `reset()` that
   * renders the children again. Default: the provider's `fallback`, else nothing.
   */
  fallback?: Fallback
  /** More attributes for the error report. */
  attributes?: Attributes
  children?: ReactNode
}

/**
 * Reports React render errors of its children (the component stack is appended to the stacktrace,
 * `exception.source` is `react`) and renders `fallback` instead of them.
 */
// State `c`: the error a child threw, boxed (a throw of `undefined` is one too).
export class MonitorErrorBoundary extends React.Component<MonitorErrorBoundaryProps, { c?: [unknown] }> {
  static override contextType = MonitorContext

  static getDerivedStateFromError(error: unknown) {
    return { c: [error] }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    const e = (error || {}) as Error
    const m = pick(this.context as Scope | undefined)
    if (m)
      m.captureError(
        { name: e.name, message: e.message || String(error), stack: (e.stack || '') + '\n\nReact component stack:' + info.componentStack },
        Object.assign({}, this.props.attributes, { 'exception.source': 'react' }),
      )
  }

  override render() {
    // (no state until a child failed)
    const caught = this.state && this.state.c
    if (!caught) return this.props.children
    let f = this.props.fallback
    if (f === undefined && this.context) f = (this.context as Scope).fallback
    return typeof f === 'function' ? f(caught[0], () => this.setState({ c: undefined })) : f
  }
}
