// Command-line flags of minimon-collector.
import type { CollectorOptions } from './types'

export const USAGE = `Usage: minimon-collector [options]

Local OTLP/HTTP (/v1/logs, /v1/metrics) and SkyWalking (/v3/segments) receiver with a live viewer.

Options:
  --host H            interface to listen on (default 127.0.0.1)
  --port P            port (default 4318; 0 picks a free one)
  --out FILE          append one JSON line per decoded signal to FILE
  --forward URL       pass every request on unchanged to URL (a real OAP / OTel collector) and relay its answer
  --sourcemaps DIR    resolve error stacks with the source maps in DIR (a folder per build id or release)
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
      case '--sourcemaps': o.sourcemaps = value(); break
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
