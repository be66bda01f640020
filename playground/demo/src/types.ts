import type { Platform as SimPlatform, Sim } from '@minimon/sim'
import type { LogRecord, MetricPoint, SegmentObject } from '@minimon/collector'

/** Any platform the simulator runs (wechat, alipay, bytedance, lark, baidu, qq, dingtalk, kuaishou, jd, xiaohongshu). */
export type Platform = SimPlatform

/** One compiled app directory (with app.json) and the platform it was built for. */
export interface Target {
  platform: Platform
  dir: string
}

/**
 * A signal a journey must deliver: a gauge or histogram by metric name, an error log by `exception.type`,
 * or a segment; `page` is the `miniprogram.page.path` (for a segment, the span's operationName) it carries.
 */
export interface Expectation {
  kind: 'gauge' | 'histogram' | 'error' | 'segment'
  name?: string
  type?: string
  page?: string
  /** Only on these platforms (what a platform lacks, e.g. Feishu's unhandled-rejection event, is not expected there). */
  platforms?: Platform[]
}

/** What a journey drives: the running app instance and a few helpers. */
export interface JourneyApp {
  /** The running app (a new instance after `coldStart`). */
  readonly sim: Sim
  readonly target: Target
  /** Tells what the user does next (printed by the demo). */
  step(text: string): void
  pause(ms: number): Promise<void>
  /** Hides and ends this instance once it delivered, then launches a fresh one with the same storage (at `path`). */
  coldStart(params?: { path?: string }): Promise<void>
}

/** An app the demo plays: from a playground's `demo.mjs`, or the generic profile of a compiled directory. */
export interface DemoApp {
  name: string
  title: string
  /** The playground directory. */
  dir: string
  /**
   * Builds (or finds) the app; `out` is a scratch directory it may build into, `collector` the URL the app
   * must send to (for apps that fix it at build time; others read `globalThis.__MINIMON_PLAYGROUND__`).
   */
  prepare(options: { out: string; collector: string }): Promise<Target[]>
  journey(app: JourneyApp): Promise<void>
  /**
   * Sets up what the platform gives an app and the simulator lacks (e.g. Alipay's `navigator`), before each
   * launch of `sim`; returns the undo, run after that instance is killed.
   */
  beforeLaunch?(sim: Sim): (() => void) | void
  /** What one journey must deliver on each platform. */
  expects: Expectation[]
  /** The app's own backend, when it has one; its URL reaches the app as `__MINIMON_PLAYGROUND__.api`. */
  startApiServer?(options: { port?: number; host?: string }): Promise<{ url: string; close(): Promise<void> }>
}

export interface Skipped {
  name: string
  reason: string
}

/** What the collector received while one journey ran. */
export interface Received {
  logs: LogRecord[]
  metrics: MetricPoint[]
  segments: SegmentObject[]
}

export interface RunResult extends Received {
  app: string
  platform: Platform
  steps: string[]
  ms: number
  missing: Expectation[]
  error?: string
}
