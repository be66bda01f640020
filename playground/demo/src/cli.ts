// `node playground/demo/dist/cli.js [--once] [--port P] …` (the root `pnpm demo:run`).
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseDemoArgs } from './args'
import { runDemo } from './demo'

/** The repository root: the nearest directory above the script (or the working directory) with pnpm-workspace.yaml and playground/. */
function findRoot(): string | undefined {
  for (const start of [process.argv[1] ? dirname(resolve(process.argv[1])) : '', process.cwd()]) {
    for (let dir = start; dir; dir = dirname(dir)) {
      if (existsSync(join(dir, 'pnpm-workspace.yaml')) && existsSync(join(dir, 'playground'))) return dir
      if (dirname(dir) === dir) break
    }
  }
  return undefined
}

async function main(): Promise<number> {
  const parsed = parseDemoArgs(process.argv.slice(2))
  if ('exit' in parsed) {
    ;(parsed.exit ? console.error : console.log)(parsed.text)
    return parsed.exit
  }
  const root = findRoot()
  if (!root) {
    console.error('minimon-demo: run it inside the minimon repository (no pnpm-workspace.yaml with playground/ found)')
    return 2
  }
  const abort = new AbortController()
  process.on('SIGINT', () => {
    if (abort.signal.aborted) process.exit(130)
    console.log('\nstopping (Ctrl-C again to quit at once)…')
    abort.abort()
  })
  process.on('SIGTERM', () => abort.abort())
  return runDemo({ ...parsed.options, root, signal: abort.signal })
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error('minimon-demo failed:', e)
    process.exit(1)
  },
)
