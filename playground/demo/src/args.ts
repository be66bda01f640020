import type { DemoOptions } from './demo'

export const USAGE = `usage: minimon-demo [options]

Starts the local collector and plays every playground app (built for WeChat and Alipay) in the
simulator through a scripted user journey, in a loop until Ctrl-C.

  --once            one journey per app and platform, print the summary, exit 0 only if every
                    expected signal arrived
  --port P          collector port (default 4318; 0 picks a free one)
  --host H          interface for the collector and the app backends (default 127.0.0.1)
  --api-port P      port of the playground app's backend (default: the collector's port + 1)
  --apps a,b        play only these playground directories (e.g. native,taro)
  --forward URL     also pass everything on to a real SkyWalking OAP / OpenTelemetry Collector
  --pause MS        pause between rounds (default 2000)
  --wait MS         how long to wait for a journey's signals (default 10000)
  --rounds N        stop after N rounds
  --quiet           no line per received signal (default with --once)
  --verbose         a line per received signal, also with --once
  -h, --help        this text`

/** The options of `argv` (without node and the script), or the error / help text to print. */
export function parseDemoArgs(argv: string[]): { options: Omit<DemoOptions, 'root'> } | { exit: number; text: string } {
  const o: Omit<DemoOptions, 'root'> = {}
  let verbose = false
  const num = (flag: string, v: string | undefined, min: number): number => {
    const n = Number(v)
    if (v === undefined || !Number.isInteger(n) || n < min) throw new Error(`${flag} needs a whole number ≥ ${min}, got ${v ?? 'nothing'}`)
    return n
  }
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]
      const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined]
      const value = () => (inline !== undefined ? inline : argv[++i])
      switch (flag) {
        case '--once':
          o.once = true
          break
        case '--port':
          o.port = num(flag, value(), 0)
          break
        case '--api-port':
          o.apiPort = num(flag, value(), 0)
          break
        case '--host':
          o.host = value()
          break
        case '--apps':
          o.apps = String(value() ?? '').split(',').map((s) => s.trim()).filter(Boolean)
          break
        case '--forward':
          o.forward = value()
          break
        case '--pause':
          o.pauseMs = num(flag, value(), 0)
          break
        case '--wait':
          o.waitMs = num(flag, value(), 0)
          break
        case '--rounds':
          o.rounds = num(flag, value(), 1)
          break
        case '--quiet':
          o.quiet = true
          break
        case '--verbose':
          verbose = true
          break
        case '-h':
        case '--help':
          return { exit: 0, text: USAGE }
        default:
          throw new Error(`unknown option ${a}`)
      }
    }
  } catch (e) {
    return { exit: 2, text: `minimon-demo: ${(e as Error).message}\n\n${USAGE}` }
  }
  if (verbose) o.quiet = false
  return { options: o }
}
