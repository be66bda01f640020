// minimon-collector [--host H] [--port P] [--out FILE] [--forward URL] [--check] [--max-body BYTES] [--quiet]
import { startCollector } from './collector'
import { parseArgs, USAGE } from './args'

export async function main(argv = process.argv.slice(2)): Promise<void> {
  let opts: ReturnType<typeof parseArgs>
  try {
    opts = parseArgs(argv)
  } catch (e) {
    process.stderr.write(`minimon-collector: ${(e as Error).message}\n\n${USAGE}`)
    process.exitCode = 2
    return
  }
  if (opts.help) {
    process.stdout.write(USAGE)
    return
  }
  const { help: _h, ...options } = opts
  let c
  try {
    c = await startCollector(options)
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    process.stderr.write(`minimon-collector: ${err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL' ? `cannot listen on ${options.host}:${options.port}: ` : ''}${err.message}\n`)
    process.exitCode = 1
    return
  }
  const lines = [
    `minimon collector listening on ${c.url}`,
    `  viewer:   ${c.url}/`,
    `  OTLP:     POST ${c.url}/v1/logs, ${c.url}/v1/metrics (protobuf or JSON, gzip ok)`,
    `  segments: POST ${c.url}/v3/segments`,
  ]
  if (options.forward) lines.push(`  forwarding every request to ${options.forward}`)
  if (options.out) lines.push(`  writing decoded signals to ${options.out}`)
  if (options.sourcemaps) lines.push(`  resolving error stacks with the source maps in ${options.sourcemaps}`)
  if (options.check) lines.push('  printing the SkyWalking OAP contract check for every batch')
  process.stdout.write(lines.join('\n') + '\n')
  let stopping = false
  const stop = () => {
    if (stopping) return process.exit(1)
    stopping = true
    c.close().then(() => process.exit(0), () => process.exit(1))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e) => {
  process.stderr.write(`minimon-collector: ${(e as Error).stack || e}\n`)
  process.exitCode = 1
})
