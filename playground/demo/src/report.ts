// Totals over the whole session and the text the demo prints.
import type { Batch, Collector, RequestRecord } from '@minimon/collector'
import { BASELINE, describeExpectation, missing } from './expect'
import { take } from './session'
import type { Received, RunResult } from './types'

export interface Totals extends Received {
  batches: number
  /** Batches with no contract error or warning (info notes allowed), as the viewer counts them. */
  clean: number
  /** Requests the collector answered with an error status, per `METHOD path status`. */
  refused: Map<string, number>
  fed: Map<string, number>
  issues: Map<string, { severity: string; count: number; message: string }>
}

/** Keeps counting everything the collector accepts; returns the totals and the way to stop counting. */
export function count(collector: Collector): { totals: Totals; stop(): void } {
  const totals: Totals = { logs: [], metrics: [], segments: [], batches: 0, clean: 0, refused: new Map(), fed: new Map(), issues: new Map() }
  // records are kept for the --once check; a long loop keeps only the counts that matter
  const records = take(collector, totals)
  const listener = (b: Batch) => {
    totals.batches++
    if (b.check.ok) totals.clean++
    records(b)
    for (const arr of [totals.logs, totals.metrics, totals.segments] as unknown[][]) if (arr.length > 20_000) arr.splice(0, arr.length - 10_000)
    for (const f of b.check.fed) totals.fed.set(f.metric, (totals.fed.get(f.metric) || 0) + f.count)
    for (const i of b.check.issues) {
      const key = `${i.code} (${i.severity})`
      const seen = totals.issues.get(key)
      if (seen) seen.count++
      else totals.issues.set(key, { severity: i.severity, count: 1, message: i.message })
    }
  }
  const requests = (r: RequestRecord) => {
    if (r.status < 400) return
    const key = `${r.method} ${r.path} ${r.status}`
    totals.refused.set(key, (totals.refused.get(key) || 0) + 1)
  }
  collector.on('batch', listener)
  collector.on('request', requests)
  return {
    totals,
    stop: () => {
      collector.off('batch', listener)
      collector.off('request', requests)
    },
  }
}

function tally(items: string[]): string {
  const m = new Map<string, number>()
  for (const i of items) m.set(i, (m.get(i) || 0) + 1)
  return [...m].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'
}

const short = (metric: string) => metric.replace(/^miniprogram\./, '').replace(/\.duration$/, '')

export function runLine(r: RunResult): string {
  const ok = !r.error && r.missing.length === 0
  const what = `${r.logs.length} error logs, ${r.metrics.length} metric points, ${r.segments.length} segments in ${(r.ms / 1000).toFixed(1)} s`
  let line = `  ${ok ? '✓' : '✗'} ${r.app} · ${r.platform}: ${what}`
  if (r.missing.length) line += `\n      missing: ${r.missing.map(describeExpectation).join('; ')}`
  if (r.error) line += `\n      the journey failed: ${r.error}`
  return line
}

/**
 * The summary: received per signal kind, the OAP contract check, what the collector refused, and the expectations
 * met. Our own apps' data must pass clean: a warning or a refused request fails the summary, as an error does.
 */
export function summary(totals: Totals, runs: RunResult[], once: boolean): { text: string; ok: boolean } {
  const lines: string[] = []
  const gauges = totals.metrics.filter((m) => m.type === 'gauge').map((m) => short(m.name))
  const histograms = totals.metrics.filter((m) => m.type === 'histogram')
  lines.push('received')
  lines.push(`  error logs      ${totals.logs.length}: ${tally(totals.logs.map((l) => String(l.attributes['exception.type'])))}`)
  lines.push(`  gauges          ${gauges.length}: ${tally(gauges)}`)
  lines.push(`  request histogram points ${histograms.length} (${histograms.reduce((n, h) => n + (h.count || 0), 0)} requests)`)
  lines.push(`  segments        ${totals.segments.length}`)
  const clean = totals.clean === totals.batches
  lines.push(`OAP contract check: ${clean ? '✓' : '✗'} ${totals.clean} of ${totals.batches} batches clean (no error or warning; info notes allowed)`)
  const fed = [...totals.fed].sort(([a], [b]) => a.localeCompare(b))
  lines.push(`  dashboard metrics fed: ${fed.length}${fed.length ? '\n    ' + fed.map(([m, n]) => `${m} ×${n}`).join('\n    ') : ''}`)
  if (totals.issues.size === 0) lines.push('  issues: none')
  else for (const [key, i] of totals.issues) lines.push(`  ${i.severity === 'info' ? '·' : '✗'} ${key} ×${i.count}: ${i.message}`)
  const refused = [...totals.refused]
  lines.push(`collector: ${refused.length ? '✗ refused ' + refused.map(([k, n]) => `${k} ×${n}`).join(', ') : '✓ refused nothing'}`)
  let ok = clean && refused.length === 0
  if (once) {
    lines.push('expected signals')
    for (const r of runs) {
      lines.push(runLine(r))
      if (r.error || r.missing.length) ok = false
    }
    const union = missing(BASELINE, { logs: runs.flatMap((r) => r.logs), metrics: runs.flatMap((r) => r.metrics), segments: runs.flatMap((r) => r.segments) })
    lines.push(`  ${union.length ? '✗' : '✓'} every kind of signal at least once (errors js/promise/ajax/pageNotFound, launch/first render/route gauges, request histogram, segments)`)
    if (union.length) lines.push(`      missing: ${union.map(describeExpectation).join('; ')}`)
    if (runs.length === 0) lines.push('  ✗ no app was played')
    ok = ok && union.length === 0 && runs.length > 0
  }
  return { text: lines.join('\n'), ok }
}
