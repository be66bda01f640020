import type { Attributes, LifecycleEvent, Platform } from '../types'
import type { Config } from '../config'
import type { Exporter } from '../exporters/exporter'
import type { RequestHooks } from '../signals/requests'
import type { UrlPattern } from '../util/url'

/** What the exporter needs back from one HTTP call: the status (0 for a network failure) and the headers. */
export type SendCallback = (status: number, headers: Record<string, string>) => void

export interface SendOptions {
  url: string
  /** JSON text, or protobuf bytes: a view of the whole of its ArrayBuffer (as the encoder makes them). */
  body: Uint8Array | string
  contentType: string
}

/** How long a send may take before it counts as a network failure (ms). */
export const SEND_TIMEOUT = 10000

/** One entry of a platform performance API, normalised. */
export interface PerfEntry {
  entryType: string
  name: string
  startTime: number
  duration: number
  path?: string
}

/**
 * Everything the core needs from a platform. One module per platform implements it; platform quirks
 * (Alipay's `headers`/`status`, object-style storage, `onError(message, stack)`) live there and nowhere else.
 */
export interface Host {
  readonly name: Platform
  /** Per-key storage limit in bytes. */
  readonly storageLimit: number
  /** Sends with the platform's original request function, which the monitor never observes. */
  send(options: SendOptions, done: SendCallback): void
  getItem(key: string): string
  setItem(key: string, value: string): void
  removeItem(key: string): void
  /** Each `on*` subscribes and returns its own teardown. */
  /** `attributes` describe the error further, e.g. `{ 'exception.source': 'resource' }` for a failed resource load on H5. */
  onError(listener: (message: string, stack: string, attributes?: Attributes) => void): () => void
  onRejection(listener: (reason: unknown) => void): () => void
  onPageNotFound(listener: (path: string) => void): () => void
  onHide(listener: () => void): () => void
  onShow(listener: () => void): () => void
  /** Current page route as the platform gives it (the monitor normalises it once per route change); '' when unknown. */
  page(): string
  /**
   * Wraps the platform's request functions (`wx.request`, `fetch`, …) so that `hooks` see each call, with
   * every argument, callback and return value intact. Returns the teardown.
   */
  instrumentRequests(hooks: RequestHooks): () => void
  /** A platform-specific exporter chosen by the options (e.g. SkyWalking's browser protocol on H5); OTLP otherwise. */
  exporter?(cfg: Config, resource: Attributes): Exporter | undefined
  /** Reads the platform's performance entries (past and future); absent where the platform has no such API. */
  observePerformance?(listener: (entries: PerfEntry[]) => void): (() => void) | undefined
  /** Gauges the performance API provides, so lifecycle reports do not measure them again; default launch, first render and route. */
  readonly perfCovers?: string[]
  /**
   * Wraps the platform's registration globals (`App`, `Page`, `Component` where it registers pages) so that
   * every app and page registered from now on reports its lifecycle; `missing` hears what cannot be seen.
   * Returns the teardown.
   */
  wrapLifecycle?(report: (event: LifecycleEvent, route?: string) => void, missing: (what: string) => void): () => void
  /** A version string of the app, where the platform offers one (never a device identifier). */
  appVersion(): string
  /** `tracing.propagateTo` when the option is empty (H5: the page's own origin; mini programs: nowhere). */
  readonly propagateTo?: UrlPattern[]
  /** SkyWalking component id of this platform's outgoing HTTP spans. */
  readonly componentId: number
}
