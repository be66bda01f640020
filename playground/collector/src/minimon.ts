// minimon symbolicate | sourcemaps — see minimon-cli.ts
import { runMinimon } from './minimon-cli'

function stdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    process.stdin.on('data', (c: Buffer) => chunks.push(c))
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    process.stdin.on('error', reject)
  })
}

runMinimon(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdin,
}).then(
  (code) => {
    process.exitCode = code
  },
  (e) => {
    process.stderr.write(`minimon: ${(e as Error).stack || e}\n`)
    process.exitCode = 1
  },
)
