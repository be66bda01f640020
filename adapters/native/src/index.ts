/**
 * @minimon/native: `App()`, `Page()` and `Component()` wrappers for native WeChat and Alipay mini programs.
 * They start the monitor of `@minimon/core` and report the app and page lifecycle (launch, first render,
 * routes, time on page) with the current page path; errors thrown in lifecycle methods and event handlers
 * reach the platform's onError, which the monitor hooks, so each is reported once and still throws as before.
 * This entry uses `@minimon/core/miniprogram` (WeChat and Alipay detected at runtime, no H5 host);
 * `@minimon/native/wechat` and `@minimon/native/alipay` use the one-platform core builds.
 *
 * @example
 * const { monitorApp } = require('@minimon/native')
 * App(monitorApp({ onLaunch() {} }, { service: 'my-mini-program', serviceVersion: '1.0.0', collector: 'https://oap.example.com:12800' }))
 * // pages/index/index.js
 * Page(monitorPage({ onLoad() {}, onTap() {} }))
 */
import { getMonitor, init } from '@minimon/core/miniprogram'
import { createNative } from './native'

export type { CoreApi, MonitorSource, NativeAdapter } from './native'
export type { Monitor, MonitorOptions } from '@minimon/core'

/**
 * `monitorApp(options, monitor?)` starts the monitor and wraps the app's `onLaunch`/`onShow`/`onHide`:
 * `App(monitorApp({ … }, options))`. `monitorPage(options)` wraps a page's lifecycle methods:
 * `Page(monitorPage({ … }))`. `monitorComponent(options)` wraps the page hooks of a page built with
 * `Component()`. `patchGlobals(monitor?, target?)` monitors every `App()`/`Page()`/`Component()`
 * registration by replacing the globals, and returns the undo.
 */
export const { monitorApp, monitorPage, monitorComponent, patchGlobals } = createNative({ init, getMonitor })
export { getMonitor }
