// The contract of a speed script: `run({ quick })` returns
//   { figures: { id: { unit: 'ms' | 'ns' | 'B', wall: number[], cpu?: number[] } }, info: {...} }
// with raw samples (per-operation figures of each round), so run.mjs can pool several processes' rounds.
// Executed directly, `--json` prints that as one JSON line (what run.mjs reads); otherwise a summary table.
// `--quick` asks for fewer rounds.
import { fileURLToPath } from 'node:url'
import { summarize } from './stats.mjs'

export async function main(url, run) {
  if (fileURLToPath(url) !== process.argv[1]) return
  const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1'
  if (!globalThis.gc) console.error('note: run with node --expose-gc for the allocation figures')
  try {
    const result = await run({ quick })
    if (process.argv.includes('--json')) process.stdout.write('\n' + JSON.stringify(result) + '\n')
    else {
      const rows = []
      for (const [id, f] of Object.entries(result.figures)) {
        const w = summarize(f.wall)
        const c = f.cpu ? summarize(f.cpu) : undefined
        rows.push({ figure: id, unit: f.unit, median: +w.median.toPrecision(4), p10: +w.p10.toPrecision(4), p90: +w.p90.toPrecision(4), cpu: c ? +c.median.toPrecision(4) : '', n: w.n })
      }
      console.table(rows)
      console.dir(result.info, { depth: 5 })
    }
    process.exit(0)
  } catch (e) {
    console.error(e && e.stack ? e.stack : e)
    process.exit(1)
  }
}

/** A figure from a { wall, cpu } pair of sample lists. */
export const fig = (unit, s) => ({ unit, wall: s.wall, cpu: s.cpu })
