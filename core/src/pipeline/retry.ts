/** Statuses worth sending again: network failure (0), 408, 429 and 5xx. Any other 4xx would fail the same way. */
export function retryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500
}

const MAX_WAIT = 600000 // 10 min

/** Exponential backoff from 1 s to 60 s with jitter (half to full), so a fleet of phones does not retry in step. */
export function backoff(attempt: number): number {
  return Math.min(60000, 1000 * Math.pow(2, attempt - 1)) * (0.5 + Math.random() / 2)
}

/** `Retry-After` as milliseconds (seconds or an HTTP date), or -1 when absent or unreadable. */
export function retryAfter(headers: Record<string, string>): number {
  let value: string | undefined
  for (const k in headers) if (k.toLowerCase() === 'retry-after') value = String(headers[k])
  if (!value) return -1
  const seconds = +value
  const ms = seconds === seconds ? seconds * 1000 : Date.parse(value) - Date.now()
  return ms >= 0 ? Math.min(ms, MAX_WAIT) : ms === ms ? 0 : -1
}
