// The one module that imports from the peers and from core: a bundler keeps one import statement per module
// that imports, so the adapter's modules take these bindings from here.
import Taro from '@tarojs/taro'
import * as anyPlatform from '@minimon/core'
import type { Monitor, MonitorOptions } from '@minimon/core'
import * as alipay from '@minimon/core/alipay'
import * as baidu from '@minimon/core/baidu'
import * as bytedance from '@minimon/core/bytedance'
import * as dingtalk from '@minimon/core/dingtalk'
import * as jd from '@minimon/core/jd'
import * as kuaishou from '@minimon/core/kuaishou'
import * as lark from '@minimon/core/lark'
import * as qq from '@minimon/core/qq'
import * as web from '@minimon/core/web'
import * as wechat from '@minimon/core/wechat'
import * as xiaohongshu from '@minimon/core/xiaohongshu'
import * as React from 'react'

// Set by Taro's build (as Taro's own runtime reads it): the bundler folds the comparisons and keeps only the
// core entry of the platform the build targets, one host instead of all. Unknown targets detect at runtime.
// An if / else-if chain that returns is the form webpack + terser (Taro), Vite/rollup (+ terser) and esbuild
// all fold; a `switch` or an object indexed by the constant keeps every entry in some of them.
// Built-in targets: weapp, alipay, tt, swan, qq, jd, h5; community plugins: qywx, dd, lark, kwai, xhs.
declare const process: { env: { TARO_ENV?: string } }
function platformEntry() {
  if (process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'qywx') return wechat
  else if (process.env.TARO_ENV === 'alipay') return alipay
  else if (process.env.TARO_ENV === 'dd') return dingtalk
  else if (process.env.TARO_ENV === 'tt') return bytedance
  else if (process.env.TARO_ENV === 'lark') return lark
  else if (process.env.TARO_ENV === 'swan') return baidu
  else if (process.env.TARO_ENV === 'qq') return qq
  else if (process.env.TARO_ENV === 'jd') return jd
  else if (process.env.TARO_ENV === 'kwai') return kuaishou
  else if (process.env.TARO_ENV === 'xhs') return xiaohongshu
  else if (process.env.TARO_ENV === 'h5') return web
  else return anyPlatform
}
const core = platformEntry()

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
