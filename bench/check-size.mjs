#!/usr/bin/env node
// Size budgets: measures min+gzip of core's entries and each built adapter (as bench/size.mjs does, KB = 1024
// bytes) against bench/budgets.json, prints a table, and exits 1 when any package is over its budget.
// Packages not built yet (adapters being written) are listed as skipped, not failed; core must be built.
//
//   node bench/check-size.mjs                 exit 1 on any budget miss
//   node bench/check-size.mjs --report-only   print the same table, always exit 0
//   node bench/check-size.mjs --ceiling       enforce the growth guard (budgets.json "ceiling") instead of the
//                                             targets, and list the targets still missed (the test command)
//   node bench/check-size.mjs --json          the rows and budgets as JSON
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { bench } from './lib/paths.mjs'
import { measureSizes, sizeTable } from './size.mjs'

const reportOnly = process.argv.includes('--report-only')
const file = JSON.parse(readFileSync(join(bench, 'budgets.json'), 'utf8'))
const ceilingMode = process.argv.includes('--ceiling')
const budgets = ceilingMode ? file.ceiling : file.size
const rows = await measureSizes({ peers: false })

const over = []
const missingCore = []
for (const r of rows) {
  const b = budgets[r.id]
  if (r.missing) {
    if (r.kind === 'core') missingCore.push(r)
    continue
  }
  if (b !== undefined && r.gzip / 1024 > b) over.push({ ...r, budget: b })
}

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ budgets, rows, over: over.map((r) => r.id) }, null, 2))
} else {
  console.log('Size budgets (min+gzip, esbuild ES2017 ESM minified, gzip -9; KB = 1024 bytes; adapters on top of core, core external)\n')
  console.log(sizeTable(rows, budgets))
  console.log('')
  if (missingCore.length) console.log(`core not built: ${missingCore.map((r) => r.entry).join(', ')} — run \`pnpm build\` first`)
  if (over.length) {
    console.log(`${over.length} package(s) over budget:`)
    for (const r of over) console.log(`  ${r.id}: ${(r.gzip / 1024).toFixed(2)} KB > ${r.budget.toFixed(1)} KB (+${(r.gzip - r.budget * 1024).toFixed(0)} bytes)`)
  } else if (!missingCore.length) console.log('every measured package is within its budget')
}

if (ceilingMode && !process.argv.includes('--json')) {
  const missed = rows.filter((r) => !r.missing && file.size[r.id] !== undefined && r.gzip / 1024 > file.size[r.id])
  if (missed.length) console.log(`targets still missed (DESIGN.md): ${missed.map((r) => `${r.id} ${(r.gzip / 1024).toFixed(2)} KB > ${file.size[r.id]} KB`).join('; ')}`)
}

if (reportOnly) {
  if (over.length || missingCore.length) console.log('(--report-only: not failing)')
  process.exit(0)
}
process.exit(over.length || missingCore.length ? 1 : 0)
