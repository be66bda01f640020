// Runs every scenario on one platform, holds each to its guarantee, and (when FAULTS_REPORT names a file)
// writes the rows there for core/scripts/faults.mjs, which prints the table and keeps docs/reliability.md.
import { appendFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import type { Platform, Tally } from './rig'
import { scenarios, type Guarantee } from './scenarios'

export interface Row extends Tally {
  scenario: string
  platform: Platform
  guarantee: Guarantee
  /** the guarantee held */
  ok: boolean
  knownIssue?: string
  ms: number
}

/** The invariant, per guarantee. Throws (an expect failure) when it breaks. */
export function check(guarantee: Guarantee, t: Tally): void {
  // never a body the collector cannot decode, never a log record that no generated error explains
  expect(t.refused, 'requests refused with 400').toBe(0)
  expect(t.unknown, 'log records of no generated error').toBe(0)
  expect(t.generated, 'errors generated').toBeGreaterThan(0)
  const dropped = Object.values(t.dropped).reduce((a, b) => a + b, 0)
  switch (guarantee) {
    case 'exactly-once':
      expect(t.lost, 'lost').toBe(0)
      expect(t.duplicated, 'duplicated').toBe(0)
      break
    case 'at-least-once':
      expect(t.lost, 'lost').toBe(0)
      break
    case 'dropped-and-counted':
      expect(t.lost, 'lost but not reported in minimon.dropped').toBeLessThanOrEqual(dropped)
      expect(t.duplicated, 'duplicated').toBe(0)
      break
    case 'documented-loss':
      break
  }
}

export function runMatrix(platform: Platform): void {
  const rows: Row[] = []
  describe(`fault matrix on ${platform}`, () => {
    afterAll(() => {
      const out = process.env.FAULTS_REPORT
      if (out) for (const r of rows) appendFileSync(out, JSON.stringify(r) + '\n')
    })
    for (const s of scenarios) {
      it(s.name, async () => {
        const t0 = performance.now()
        const t = await s.run(platform)
        const row: Row = { scenario: s.name, platform, guarantee: s.guarantee, ok: false, knownIssue: s.knownIssue, ms: Math.round(performance.now() - t0), ...t }
        rows.push(row)
        if (process.env.FAULTS_DEBUG) console.log(JSON.stringify(row))
        if (s.knownIssue) {
          // fails while the defect is there; once it is fixed, remove `knownIssue` from the scenario
          expect(() => check(s.guarantee, t), 'known issue no longer reproduces: ' + s.knownIssue).toThrow()
          return
        }
        check(s.guarantee, t)
        row.ok = true
      })
    }
  })
}
