// The `minimon` command: `minimon symbolicate` and `minimon sourcemaps`.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { unzipSync } from 'fflate'
import { Symbolicator } from './symbolicate'

export const MINIMON_USAGE = `Usage:
  minimon symbolicate --sourcemaps DIR [--release R] [--build-id B] [--json] [FILE]
      Resolves a stack (from FILE, or stdin when FILE is missing or -) with the source maps in DIR: the folder of
      one release's maps, or a folder of releases (then --release / --build-id name the one to use).
      Frames it cannot resolve are printed as they came.

  minimon sourcemaps ZIP|DIR --release R [--out DIR]
      Files the source maps WeChat's developer tools export (the zip, or the folder it unpacks to) under
      OUT/R (OUT defaults to ./sourcemaps), keeping their layout: __APP__/ (main package), __FULL__/ (whole
      package), one folder per subpackage, app-service.js.map and, with lazy code loading, appservice.app.js.map.
      R is the release the app reports as service.version (a native app's serviceVersion).

  -h, --help   this text
`

export interface Io {
  stdout: (s: string) => void
  stderr: (s: string) => void
  /** Reads stdin to its end. */
  stdin: () => Promise<string>
  cwd?: string
}

const SAFE_ID = /^[\w.+-]{1,128}$/

class UsageError extends Error {}

function options(argv: string[], flags: string[], valued: string[]): { o: Record<string, string | true>; rest: string[] } {
  const o: Record<string, string | true> = {}
  const rest: string[] = []
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i]
    let inline: string | undefined
    const eq = a.indexOf('=')
    if (a.startsWith('--') && eq > 0) {
      inline = a.slice(eq + 1)
      a = a.slice(0, eq)
    }
    if (valued.includes(a)) {
      const v = inline ?? argv[++i]
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`)
      o[a] = v
    } else if (flags.includes(a)) o[a] = true
    else if (a.startsWith('--') || (a.startsWith('-') && a !== '-')) throw new UsageError(`unknown option ${a}`)
    else rest.push(a)
  }
  return { o, rest }
}

/** Runs `minimon …`; resolves to the exit code. */
export async function runMinimon(argv: string[], io: Io): Promise<number> {
  const [cmd, ...args] = argv
  try {
    if (!cmd || cmd === '-h' || cmd === '--help' || cmd === 'help') {
      io.stdout(MINIMON_USAGE)
      return cmd ? 0 : 2
    }
    if (cmd === 'symbolicate') return await symbolicate(args, io)
    if (cmd === 'sourcemaps') return sourcemaps(args, io)
    throw new UsageError(`unknown command ${cmd}`)
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`minimon: ${e.message}\n\n${MINIMON_USAGE}`)
      return 2
    }
    io.stderr(`minimon: ${(e as Error).message}\n`)
    return 1
  }
}

async function symbolicate(args: string[], io: Io): Promise<number> {
  const { o, rest } = options(args, ['--json', '--help', '-h'], ['--sourcemaps', '--release', '--build-id'])
  if (o['--help'] || o['-h']) {
    io.stdout(MINIMON_USAGE)
    return 0
  }
  const dir = o['--sourcemaps']
  if (typeof dir !== 'string') throw new UsageError('symbolicate needs --sourcemaps DIR')
  const root = resolve(io.cwd ?? process.cwd(), dir)
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`--sourcemaps ${dir} is not a folder`)
  if (rest.length > 1) throw new UsageError('symbolicate reads one FILE (or stdin)')
  const file = rest[0]
  const text = !file || file === '-' ? await io.stdin() : readFileSync(resolve(io.cwd ?? process.cwd(), file), 'utf8')
  const release = typeof o['--release'] === 'string' ? o['--release'] : undefined
  const buildId = typeof o['--build-id'] === 'string' ? o['--build-id'] : undefined
  // named releases first; the folder itself when it holds one release's maps
  const s = new Symbolicator(root, { rootFallback: !release && !buildId })
  const out = s.symbolicate(text.replace(/\s+$/, ''), { release, buildId })
  if (o['--json']) io.stdout(JSON.stringify({ resolved: out.resolved, frames: out.frames }, null, 2) + '\n')
  else io.stdout(out.text + '\n')
  io.stderr(`minimon: ${out.resolved} of ${out.frames.length} frames resolved\n`)
  return 0
}

function sourcemaps(args: string[], io: Io): number {
  const { o, rest } = options(args, ['--help', '-h'], ['--release', '--out'])
  if (o['--help'] || o['-h']) {
    io.stdout(MINIMON_USAGE)
    return 0
  }
  const release = o['--release']
  if (typeof release !== 'string') throw new UsageError('sourcemaps needs --release R (the service.version the app reports)')
  if (!SAFE_ID.test(release) || release === '.' || release === '..') {
    throw new UsageError(`--release must be letters, digits, . _ + - (at most 128), got ${JSON.stringify(release)}`)
  }
  if (rest.length !== 1) throw new UsageError('sourcemaps takes one ZIP or folder')
  const cwd = io.cwd ?? process.cwd()
  const input = resolve(cwd, rest[0])
  if (!existsSync(input)) throw new Error(`${rest[0]} does not exist`)
  const entries = statSync(input).isDirectory() ? readFolder(input) : readZip(input)
  const maps = entries.filter((e) => e.path.endsWith('.map'))
  if (!maps.length) throw new Error(`no .map files in ${rest[0]}`)
  // a zip that wraps everything in one folder (e.g. sourcemap/__APP__/…): file what is inside it
  const tops = new Set(maps.map((e) => e.path.split('/')[0]))
  const strip = tops.size === 1 && maps.some((e) => /^[^/]+\/__(APP|FULL)__\//.test(e.path)) ? [...tops][0] + '/' : ''
  const out = resolve(cwd, typeof o['--out'] === 'string' ? o['--out'] : 'sourcemaps', release)
  let written = 0
  const skipped: string[] = []
  const layout = new Set<string>()
  for (const e of maps) {
    const rel = strip && e.path.startsWith(strip) ? e.path.slice(strip.length) : e.path
    const parts = rel.split('/')
    if (!rel || rel.startsWith('/') || parts.some((p) => p === '..' || p === '' || p.includes('\\') || p.includes(':'))) {
      skipped.push(`${e.path} (unsafe path)`)
      continue
    }
    let json: any
    try {
      json = JSON.parse(Buffer.from(e.data).toString('utf8'))
    } catch {
      skipped.push(`${e.path} (not JSON)`)
      continue
    }
    if (!json || json.version !== 3 || !(typeof json.mappings === 'string' || Array.isArray(json.sections))) {
      skipped.push(`${e.path} (not a version 3 source map)`)
      continue
    }
    const target = join(out, ...parts)
    if (relative(out, target).startsWith('..')) {
      skipped.push(`${e.path} (unsafe path)`)
      continue
    }
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, e.data)
    written++
    const top = parts.length > 1 ? parts[0] : ''
    const name = parts[parts.length - 1]
    layout.add(top === '__APP__' ? 'main package (__APP__)' : top === '__FULL__' ? 'whole package (__FULL__)' : top ? `subpackage ${top}` : 'top level')
    if (name === 'appservice.app.js.map') layout.add('lazy code loading (appservice.app.js.map)')
  }
  io.stdout(`filed ${written} source map${written === 1 ? '' : 's'} under ${relative(cwd, out) || '.'}: ${[...layout].join(', ')}\n`)
  for (const s of skipped) io.stderr(`minimon: skipped ${s}\n`)
  return written ? 0 : 1
}

interface Entry {
  path: string
  data: Uint8Array
}

function readZip(file: string): Entry[] {
  let files: Record<string, Uint8Array>
  try {
    // only the maps are inflated
    files = unzipSync(readFileSync(file), { filter: (f) => f.name.endsWith('.map') && f.originalSize < 512 * 1024 * 1024 })
  } catch (e) {
    throw new Error(`${file} is not a readable zip: ${(e as Error).message}`)
  }
  return Object.entries(files).map(([path, data]) => ({ path: path.replace(/\\/g, '/'), data }))
}

function readFolder(dir: string): Entry[] {
  const out: Entry[] = []
  const walk = (d: string, depth: number) => {
    if (depth > 12) return
    for (const n of readdirSync(d)) {
      const p = join(d, n)
      const st = statSync(p)
      if (st.isDirectory()) walk(p, depth + 1)
      else if (n.endsWith('.map')) out.push({ path: relative(dir, p).split(sep).join('/'), data: readFileSync(p) })
    }
  }
  walk(dir, 0)
  return out
}
