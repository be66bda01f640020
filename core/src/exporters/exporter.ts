import type { QueuedRecord } from '../pipeline/queue'

/** The three request streams: OTLP logs, OTLP metrics, SkyWalking segments. */
export type Signal = 'logs' | 'metrics' | 'segments'

export function signalOf(r: QueuedRecord): Signal {
  return r.kind === 'error' || r.kind === 'event' ? 'logs' : r.kind === 'segment' ? 'segments' : 'metrics'
}

/** One HTTP request's worth of records, ready to send. */
export interface ExportRequest {
  url: string
  body: Uint8Array | string
  contentType: string
}

/**
 * Turns the records of one signal into requests (usually one). Records it cannot carry are simply not
 * part of any request; the pipeline counts them as sent. Processing (queue, retry, persistence) lives in
 * the pipeline; the wire format lives here.
 */
export type Exporter = (signal: Signal, records: QueuedRecord[]) => ExportRequest[]
