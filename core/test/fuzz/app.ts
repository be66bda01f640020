// One simulated app for the fuzz properties: @minimon/sim with its network functions replaced by fakes the
// property drives (no sockets: thousands of cases per second), the listeners the SDK installs captured so
// they can be called with anything, and every batch the pipeline hands to the exporter checked against the
// documented bounds and encoded, then decoded with the reference decoder.
import { createSim } from '@minimon/sim'
import { createApi } from '../../src/api'
import type { Config } from '../../src/config'
import { otlpExporter } from '../../src/exporters/otlp-exporter'
import type { Exporter } from '../../src/exporters/exporter'
import { alipayHost } from '../../src/hosts/alipay'
import type { Host } from '../../src/hosts/host'
import { wechatHost } from '../../src/hosts/wechat'
import type { MonitorOptions } from '../../src/index'
import type { Monitor } from '../../src/monitor'
import type { QueuedRecord } from '../../src/pipeline/queue'
import { decodeLogs, decodeMetrics } from '../reference'

export type Platform = 'wechat' | 'alipay'
export const COLLECTOR = 'https://collector.test'
export const MAX_MESSAGE = 1024 + 1
export const MAX_STACK = 8192 + 1

export interface PlatformCall {
  name: string
  thisValue: unknown
  args: unknown[]
  task: object
}

/** What the fake platform request does with a call; set by the property before each call. */
export type Plan = { answer: 'success' | 'fail' | 'none' | 'throw' | 'twice'; sync: boolean }

const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && v === v)

export class FuzzApp {
  readonly sim: ReturnType<typeof createSim>
  readonly monitor: Monitor
  readonly api: Record<string, any>
  /** The listeners the SDK subscribed with, by event name ('Error', 'AppHide', …). */
  readonly hooks: Record<string, (...args: any[]) => void> = {}
  /** Violations of the documented bounds seen in any batch (checked by the properties). */
  readonly problems: string[] = []
  /** Calls that reached the (fake) platform request functions, app and SDK alike. */
  readonly calls: PlatformCall[] = []
  readonly maxQueue: number
  readonly maxGroups: number
  /** Status the fake gives the SDK's own sends. */
  sdkStatus = 200
  plan: Plan = { answer: 'success', sync: false }
  batches = 0
  records = 0
  /** User callbacks that threw when the fake platform called them. */
  callbackErrors = 0
  private readonly uninstall: () => void
  private readonly shutdownApi: () => Promise<void>

  constructor(
    readonly platform: Platform,
    options: Partial<MonitorOptions> = {},
  ) {
    this.sim = createSim({ platform, suspendAfterMs: 60_000 })
    this.api = this.sim.api
    for (const name of ['request', 'downloadFile', 'uploadFile']) this.api[name] = this.fake(name)
    for (const event of ['Error', 'UnhandledRejection', 'PageNotFound', 'AppHide', 'AppShow']) {
      const on = this.api['on' + event]
      this.api['on' + event] = (fn: (...a: any[]) => void) => {
        this.hooks[event] = fn
        return on.call(this.api, fn)
      }
    }
    this.uninstall = this.sim.install()
    this.maxQueue = options.maxQueue ?? 500
    this.maxGroups = options.request?.maxGroups ?? 50
    const check = (signal: string, list: QueuedRecord[]) => this.check(signal, list)
    const problems = this.problems
    const wrap = (make: () => Host | undefined) => (): Host | undefined => {
      const h = make()
      if (!h) return h
      return {
        ...h,
        exporter(cfg: Config, resource) {
          const real = otlpExporter(cfg, resource)
          const exporter: Exporter = (signal, list) => {
            check(signal, list)
            try {
              return real(signal, list)
            } catch (e) {
              // the pipeline would count the whole batch as encode_error: a silent loss of good records
              problems.push(`exporter threw on a ${signal} batch of ${list.length}: ${String(e)}`)
              throw e
            }
          }
          return exporter
        },
      }
    }
    const { init, shutdown } = createApi(platform === 'wechat' ? { wechat: wrap(wechatHost) } : { alipay: wrap(alipayHost) })
    this.shutdownApi = shutdown
    this.monitor = init({ service: 'fuzz', serviceVersion: '1.0.0', collector: COLLECTOR, flushInterval: 3_600_000, ...options })
    if (!this.monitor.enabled) throw new Error('fuzz app: monitor disabled')
  }

  /** A platform request function: records the call, answers as `plan` says, returns a fresh task. */
  fake(name: string) {
    const app = this
    return function (this: unknown, o: any) {
      const task = { abort() {}, onHeadersReceived() {}, onProgressUpdate() {}, id: app.calls.length }
      app.calls.push({ name, thisValue: this, args: [...arguments], task })
      let url: unknown
      try {
        url = o && typeof o === 'object' ? o.url : undefined
      } catch (e) {
        url = undefined // a throwing getter: only app calls have those
      }
      if (typeof url === 'string' && url.indexOf(COLLECTOR) === 0) {
        const status = app.sdkStatus
        if (status >= 200 && status < 300) o.success({ statusCode: status, status, header: {}, headers: {} })
        else o.fail({ statusCode: status, status, errMsg: 'request:fail', header: { 'Retry-After': '0' } })
        app.decode(o)
        return task
      }
      const plan = app.plan
      if (plan.answer === 'throw') throw new Error('platform refused the call')
      const res = plan.answer === 'fail' ? { errMsg: name + ':fail timeout', errno: 5, error: 13, errorMessage: 'timeout' } : { statusCode: 200, status: 200, data: 'ok', errMsg: name + ':ok' }
      const answer = () => {
        if (!o || typeof o !== 'object') return
        const call = (k: string) => {
          let fn: unknown
          try {
            fn = o[k]
          } catch (e) {
            return // a getter that throws: the platform's problem, not the property's
          }
          // a callback that throws is the app's error: platforms report it to onError, never to the caller
          if (typeof fn === 'function')
            try {
              Function.prototype.call.call(fn, task, res)
            } catch (e) {
              app.callbackErrors++
            }
        }
        if (plan.answer === 'none') return
        call(plan.answer === 'fail' ? 'fail' : 'success')
        if (plan.answer === 'twice') call('fail')
        call('complete')
      }
      if (plan.sync) answer()
      else queueMicrotask(answer)
      return task
    }
  }

  /** Bodies the SDK sends must decode with the independent decoder. */
  private decode(o: any) {
    try {
      const path = o.url.slice(COLLECTOR.length)
      const data = o.data
      if (typeof data === 'string') JSON.parse(data)
      else if (path === '/v1/logs') decodeLogs(new Uint8Array(data))
      else if (path === '/v1/metrics') decodeMetrics(new Uint8Array(data))
    } catch (e) {
      this.problems.push('undecodable body: ' + String(e))
    }
  }

  /** The documented bounds, on one batch the pipeline hands to the exporter. */
  private check(signal: string, list: QueuedRecord[]) {
    this.batches++
    this.records += list.length
    const bad = (m: string) => this.problems.length < 20 && this.problems.push(m)
    if (list.length > this.maxQueue) bad(`batch of ${list.length} > maxQueue ${this.maxQueue}`)
    const pages = new Set<string>()
    let histograms = 0
    for (const r of list) {
      if (r.kind === 'error') {
        if (typeof r.message !== 'string' || r.message.length > MAX_MESSAGE) bad(`error message of ${typeof r.message} length ${String(r.message).length}`)
        if (typeof r.stack !== 'string' || r.stack.length > MAX_STACK) bad(`error stack of length ${String(r.stack).length}`)
        if (typeof r.page !== 'string' || r.page.length > 150) bad(`error page of length ${String(r.page).length}`)
        for (const k in r.attributes) if (!isScalar(r.attributes[k])) bad(`error attribute ${k} is ${typeof r.attributes[k]}`)
      } else if (r.kind === 'gauge') {
        if (!(Number.isInteger(r.value) && r.value >= 0 && r.value < 3_600_000)) bad(`gauge ${r.name} value ${r.value}`)
      } else if (r.kind === 'histogram') {
        histograms++
        const page = String(r.attributes['miniprogram.page.path'])
        pages.add(page)
        const group = String(r.attributes['url.path.group'])
        if (group.length > 100 || /[?#]/.test(group)) bad(`url.path.group ${JSON.stringify(group.slice(0, 120))}`)
        if (page.length > 150) bad(`histogram page of length ${page.length}`)
      }
    }
    if (histograms > this.maxGroups + pages.size) bad(`${histograms} histogram series > maxGroups ${this.maxGroups} + ${pages.size} pages`)
  }

  async close(): Promise<void> {
    await this.shutdownApi()
    this.sim.kill()
    this.uninstall()
  }
}
