import type { ErrorEvent, GaugeEvent, LogEvent, SegmentEvent } from '../types'
import type { HistogramPoint, SumPoint } from '../exporters/otlp'

/**
 * Everything that waits for the collector to accept it (the queue itself lives in the pipeline). Each record
 * has a unique id once it leaves the queue.
 */
export type QueuedRecord = ErrorEvent | GaugeEvent | HistogramPoint | SumPoint | SegmentEvent | LogEvent
