// Counts the cases each property ran, and prints them once per test file (FUZZ_REPORT=1, or any FUZZ_RUNS).
const counts: [string, number, string][] = []

export function report(name?: string, runs?: number, note = ''): void {
  if (name !== undefined) {
    counts.push([name, runs ?? 0, note])
    return
  }
  if (!process.env.FUZZ_REPORT && !process.env.FUZZ_RUNS) return
  const width = Math.max(...counts.map((c) => c[0].length))
  const lines = counts.map(([n, r, x]) => `  ${n.padEnd(width)}  ${String(r).padStart(6)} cases${x ? '  (' + x + ')' : ''}`)
  console.log(['fuzz cases per entry point:', ...lines].join('\n'))
}
