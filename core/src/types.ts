/**
 * Platforms a monitor can run on (`miniprogram.platform`). `web` is the H5 build of a Taro or uni-app app;
 * `bytedance` is Douyin/Toutiao, `lark` Feishu/Lark (both `tt`).
 */
export type Platform = 'wechat' | 'alipay' | 'web' | 'bytedance' | 'lark' | 'baidu' | 'qq' | 'dingtalk' | 'kuaishou' | 'jd' | 'xiaohongshu'

/** A telemetry attribute value: strings, integers, doubles and booleans only (OTLP AnyValue scalars). */
export type AttributeValue = string | number | boolean
export type Attributes = Record<string, AttributeValue>

/**
 * An error's category (`exception.type`): OAP's built-in `js`, `promise`, `ajax`, `pageNotFound`, or a caller's
 * own short identifier (at most 32 characters of `[A-Za-z0-9_.-]`), which OAP counts as well.
 */
export type ErrorType = 'js' | 'promise' | 'ajax' | 'pageNotFound' | (string & {})

/** One error, as it will be sent as an OTLP log record. */
export interface ErrorEvent {
  kind: 'error'
  /** Unique per event, sent as `log.record.uid`, so downstream can detect a redelivered duplicate. */
  id: string
  /** Epoch milliseconds. */
  time: number
  type: ErrorType
  message: string
  stack: string
  /** Page route without a leading slash, e.g. `pages/index/index`. */
  page: string
  attributes: Attributes
  /** How many times this same error happened since it was first queued (loops are folded into one event). */
  count: number
}

/** One gauge observation (integer milliseconds for durations). */
export interface GaugeEvent {
  kind: 'gauge'
  id: string
  time: number
  name: string
  value: number
  page: string
  attributes?: Attributes
}

/** One finished request, before it is aggregated into the `miniprogram.request.duration` histogram. */
export interface RequestEvent {
  kind: 'request'
  time: number
  duration: number
  method: string
  status: number
  host: string
  port: number
  group: string
  page: string
}

/** One SkyWalking segment (a traced outgoing request). */
export interface SegmentEvent {
  kind: 'segment'
  id: string
  time: number
  segment: Segment
}

/**
 * A log that is no error: the session events (`session.start`, `session.end`) of `sessionEvents()`, sent with
 * severity INFO, the message as the body, and `event.name` among the attributes. For OTLP backends only: OAP
 * stores a log without `exception.type` in its GENERAL layer.
 */
export interface LogEvent {
  kind: 'event'
  id: string
  time: number
  message: string
  attributes: Attributes
}

/**
 * One breadcrumb: something that happened before an error. `type`: `app`, `nav`, `tap`, `request`,
 * `network`, `memory`, `console`, or the app's own (`custom` by default); `time` epoch ms.
 */
export interface Breadcrumb {
  type: string
  message: string
  time: number
}

/** What `beforeSend` receives; return it (changed or not) to keep it, `null` to drop it. */
export type MonitorEvent = ErrorEvent | GaugeEvent | RequestEvent | SegmentEvent | LogEvent

/** A SkyWalking `SegmentObject` in its JSON form, as OAP's `/v3/segments` accepts it. */
export interface Segment {
  traceId: string
  traceSegmentId: string
  service: string
  serviceInstance: string
  spans: Span[]
}
export interface Span {
  operationName: string
  startTime: number
  endTime: number
  spanType: 'Exit'
  spanLayer: 'Http'
  componentId: number
  peer: string
  isError: boolean
  spanId: 0
  parentSpanId: -1
  tags: { key: string; value: string }[]
}

/** Page and app lifecycle moments an adapter reports with `monitor.lifecycle()`. */
export type LifecycleEvent =
  | 'appLaunch'
  | 'appShow'
  | 'appHide'
  | 'routeStart'
  | 'pageLoad'
  | 'pageShow'
  | 'pageReady'
  | 'pageHide'
  | 'pageUnload'
