/**
 * @minimon/taro: minimon for Taro (React) apps on WeChat, Alipay and H5.
 *
 * @example
 * // app.tsx
 * import { MonitorProvider } from '@minimon/taro'
 * export default function App({ children }) {
 *   return <MonitorProvider options={{ service: 'shop', serviceVersion: '1.0.0', collector: 'https://oap.example.com:12800' }}>{children}</MonitorProvider>
 * }
 */
export { MonitorProvider, type MonitorProviderProps } from './provider'
export { MonitorErrorBoundary, type MonitorErrorBoundaryProps } from './boundary'
export { usePageMonitor } from './page'
export { useMonitor, normalizePath, type Fallback } from './context'
export { init } from './deps'
export type { Monitor, MonitorOptions } from '@minimon/core'
