// minimon-collector [--host H] [--port P] [--out FILE] [--forward URL] [--check] [--max-body BYTES] [--quiet]
import { startCollector } from './collector'
import type { CollectorOptions } from './types'

const USAGE = `Usage: minimon-collector [options]

Local OTLP/HTTP (/v1/logs, /v1/metrics) and SkyWalking (/v3/segments) receiver with a live viewer.

Options:
  --host H            interface to listen on (default 127.0.0.1)
  --port P            port (default 4318; 0 picks a free one)
  --out FILE          append one JSON line per decoded signal to FILE
  --forward URL       pass every request on unchanged to URL (a real OAP / OTel collector) and relay its answer
  --check             print the SkyWalking OAP contract check for every batch
  --max-body BYTES    largest accepted body (default 4194304; suffixes k, m allowed)
  --history N         entries kept in memory per kind (default 5000)
  --quiet             no console line per signal
  -h, --help          this text
`

export function parseArgs(argv: string[]): CollectorOptions & { help?: boolean } {
  const o: CollectorOptions & { help?: boolean } = { host: '127.0.0.1', port: 4318, quiet: false }
  const need = (i: number, flag: string): string => {
    const v = argv[i]
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`)
    return v
  }
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i]
    let inline: string | undefined
    const eq = a.indexOf('=')
    if (a.startsWith('--') && eq > 0) {
      inline = a.slice(eq + 1)
      a = a.slice(0, eq)
    }
    const value = () => (inline !== undefined ? inline : need(++i, a))
    switch (a) {
      case '--host': o.host = value(); break
      case '--port': {
        const v = value()
        const p = Number(v)
        if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error(`--port must be 0..65535, got ${JSON.stringify(v)}`)
        o.port = p
        break
      }
      case '--out': o.out = value(); break
      case '--forward': {
        const v = value()
        try {
          const u = new URL(v)
          if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error()
        } catch {
          throw new Error(`--forward must be an http(s) URL, got ${JSON.stringify(v)}`)
        }
        o.forward = v
        break
      }
      case '--check': o.check = true; break
      case '--quiet': case '-q': o.quiet = true; break
      case '--max-body': {
        const v = value()
        const m = /^(\d+)([kKmM]?)$/.exec(v)
        if (!m) throw new Error(`--max-body must be a number of bytes (e.g. 4194304, 512k, 4m), got ${JSON.stringify(v)}`)
        o.maxBodyBytes = Number(m[1]) * (m[2] ? (m[2].toLowerCase() === 'k' ? 1024 : 1024 * 1024) : 1)
        break
      }
      case '--history': {
        const v = Number(value())
        if (!Number.isInteger(v) || v < 1) throw new Error('--history must be a positive integer')
        o.historyLimit = v
        break
      }
      case '--help': case '-h': o.help = true; break
      default: throw new Error(`unknown option ${a}`)
    }
  }
  return o
}

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
    process.stderr.write(`minimon-collector: cannot listen on ${options.host}:${options.port}: ${(e as Error).message}\n`)
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
