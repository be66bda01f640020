/**
 * @minimon/core: end-user monitoring for mini programs (WeChat, Alipay, ByteDance, Feishu, Baidu, QQ,
 * DingTalk, Kuaishou, JD, Xiaohongshu) and their H5 builds, reported to SkyWalking OAP or any OpenTelemetry
 * backend over OTLP/HTTP. This entry detects the platform at runtime; `@minimon/core/<platform>` carries one
 * platform each, for smaller builds.
 *
 * @example
 * import MiniProgramMonitor from '@minimon/core'
 * MiniProgramMonitor.init({ service: 'my-mini-program', serviceVersion: '1.2.0', collector: 'https://oap.example.com:12800' })
 */
import { createApi } from './api'
import { alipayHost, alipayScope } from './hosts/alipay'
import { baiduHost, baiduScope } from './hosts/baidu'
import { bytedanceHost } from './hosts/bytedance'
import { dingtalkHost, dingtalkScope } from './hosts/dingtalk'
import { jdHost, jdScope } from './hosts/jd'
import { kuaishouHost, kuaishouScope } from './hosts/kuaishou'
import { larkHost, ttScope } from './hosts/lark'
import { qqHost, qqScope } from './hosts/qq'
import { wechatHost, wechatScope } from './hosts/wechat'
import { webHost, webScope } from './hosts/web'
import { xiaohongshuHost, xiaohongshuScope } from './hosts/xiaohongshu'

export * from './exports'

// Detection goes in this order, where globals alias: DingTalk (`dd`) before Alipay (DingTalk has `my` too);
// every other mini program before WeChat (some cross-platform runtimes define a `wx` shim elsewhere, QQ may
// keep `wx`; none defines another platform's global on WeChat); `tt` is ByteDance unless the system info names
// Feishu/Lark (the ByteDance host tells them apart, `lark` is there for the `platform` option). The web host
// last: an H5 page is one only when no mini-program global is there.
const api = createApi(
  {
    dingtalk: dingtalkHost,
    alipay: alipayHost,
    qq: qqHost,
    bytedance: bytedanceHost,
    lark: larkHost,
    baidu: baiduHost,
    kuaishou: kuaishouHost,
    jd: jdHost,
    xiaohongshu: xiaohongshuHost,
    wechat: wechatHost,
    web: webHost,
  },
  [dingtalkScope, alipayScope, qqScope, ttScope, baiduScope, kuaishouScope, jdScope, xiaohongshuScope, wechatScope, webScope],
)

/** Starts monitoring (see {@link MonitorOptions}); never throws. */
export const init = api.init
/** Sends what the monitor made by `init` has queued. */
export const flush = api.flush
/** Shuts down the monitor made by `init`. */
export const shutdown = api.shutdown
/** The monitor `init` made, if any (for adapters that did not create it). */
export const getMonitor = api.getMonitor
/** For adapters: their lifecycle reports become the one source of app and page lifecycle. */
export const claimLifecycle = api.claimLifecycle
export default { init, flush, shutdown }
