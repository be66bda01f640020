// The one module that imports from the peers and from core: a bundler keeps one import statement per module
// that imports, so the adapter's modules take these bindings from here.
import Taro from '@tarojs/taro'
import * as anyPlatform from '@minimon/core'
import type { Monitor, MonitorOptions } from '@minimon/core'
import * as alipay from '@minimon/core/alipay'
import * as web from '@minimon/core/web'
import * as wechat from '@minimon/core/wechat'
import * as React from 'react'

// Set by Taro's build (as Taro's own runtime reads it): the bundler folds the comparisons and keeps only the
// core entry of the platform the build targets, one host instead of three. Unknown targets detect at runtime.
declare const process: { env: { TARO_ENV?: string } }
const core =
  process.env.TARO_ENV === 'weapp' ? wechat : process.env.TARO_ENV === 'alipay' ? alipay : process.env.TARO_ENV === 'h5' ? web : anyPlatform

/**
 * Starts the monitor (core's `init` of the build's platform). The adapter's app and page reports are then the
 * one source of lifecycle: core's own App/Page wrappers stay silent.
 */
export function init(options: MonitorOptions): Monitor {
  core.claimLifecycle()
  return core.init(options)
}
export const getMonitor = core.getMonitor
export { React, Taro }
