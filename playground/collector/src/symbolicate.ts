// Symbolication: minified stack frames → original file:line:column and function, from source maps on disk.
//
// A maps folder holds the .map files of one release or build, laid out like the output they describe:
// `common/vendor.js.map`, `pages/errors/index.js.map` (framework builds), and WeChat's own maps of the merged
// bundle, as its developer tools export them (`__APP__/app-service.js.map`, `__FULL__/…`, a folder per
// subpackage, `appservice.app.js.map` with lazy code loading). A frame names a file; the longest tail of its path
// that names a map in the folder picks the map. When the position a map gives is itself a file of the folder
// with a map (WeChat's map of app-service.js points into common/vendor.js, whose map points into src/), the
// lookup goes on through that map: WeChat's map composed with the framework's, as sentry-miniapp's merge does.
// The format is read by @jridgewell/trace-mapping (index maps with `sections` included).
//
// Under `root`, a release's folder is named by its build id or its release (service.version); the root itself is
// a maps folder when it holds maps directly. A frame whose file or map is unknown stays as it was.
// Parsed maps are cached, least recently used first out, bounded by count and by size.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { AnyMap, originalPositionFor, sourceContentFor, TraceMap } from '@jridgewell/trace-mapping'
import { cleanSource, framePath, parseStack, type StackFrame } from './stack-frames'

export interface OriginalFrame {
  /** Original source, cleaned (`src/pages/errors/index.tsx`). */
  source: string
  /** 1-based. */
  line: number
  /** 1-based. */
  column: number
  /** The function, from the caller's mapping (as Sentry names frames), else the printed one. */
  fn?: string
  /** A few lines around `line`, when the map carries sourcesContent; `start` is the 1-based number of lines[0]. */
  context?: { start: number; lines: string[] }
  /** The maps used, outermost first, relative to the maps root. */
  maps: string[]
}

export interface SymbolicatedFrame extends StackFrame {
  original?: OriginalFrame
}

export interface SymbolicatedStack {
  raw: string
  /** The stack with every resolved frame rewritten as `    at fn (source:line:column)`, other lines as they were. */
  text: string
  lines: (SymbolicatedFrame | string)[]
  frames: SymbolicatedFrame[]
  resolved: number
}

export interface StackIds {
  /** A build id: the name of a folder under the root. */
  buildId?: string
  /** A release (service.version): the name of a folder under the root. */
  release?: string
}

export interface SymbolicatorOptions {
  /** Most parsed maps kept. Default 32. */
  maxMaps?: number
  /** Most bytes of map JSON kept parsed. Default 128 MiB. */
  maxBytes?: number
  /** Lines of source context either side of a frame's line. Default 3. */
  contextLines?: number
  /** Use the root as a maps folder even when it holds no map at its top (the CLI, pointed at one release). */
  rootFallback?: boolean
  /** A folder's file list is read again, for a miss, at most this often. Default 2000 ms. */
  rescanMs?: number
}

interface LoadedMap {
  map: TraceMap
  bytes: number
  mtimeMs: number
  checkedAt: number
  lines: Map<string, string[] | null>
}

interface FolderIndex {
  files: Map<string, string>
  scannedAt: number
}

const SAFE_ID = /^[\w.+-]{1,128}$/
const MAX_FILES = 20_000
const MAX_DEPTH = 12
const MAX_CHAIN = 4
const INDIRECT = new Set(['apply', 'call', 'bind'])

export class Symbolicator {
  readonly root: string
  private maps = new Map<string, LoadedMap>()
  private bytes = 0
  private folders = new Map<string, FolderIndex>()
  private o: Required<SymbolicatorOptions>
  /** Maps parsed (cold loads) and lookups answered from the cache, since start. */
  readonly counts = { loads: 0, hits: 0, evictions: 0 }

  constructor(root: string, options: SymbolicatorOptions = {}) {
    this.root = root
    this.o = {
      maxMaps: options.maxMaps ?? 32,
      maxBytes: options.maxBytes ?? 128 * 1024 * 1024,
      contextLines: options.contextLines ?? 3,
      rootFallback: options.rootFallback ?? false,
      rescanMs: options.rescanMs ?? 2000,
    }
  }

  /** Parsed maps held and their JSON size. */
  get cached(): { maps: number; bytes: number } {
    return { maps: this.maps.size, bytes: this.bytes }
  }

  /** Resolves every frame it can; never throws (a map that cannot be read leaves its frames as they were). */
  symbolicate(stack: string, ids: StackIds = {}): SymbolicatedStack {
    const folders = this.candidateFolders(ids)
    const parsed = parseStack(stack)
    const frames: SymbolicatedFrame[] = []
    const lines: (SymbolicatedFrame | string)[] = parsed.map((p) => {
      if (typeof p === 'string') return p
      const f: SymbolicatedFrame = { ...p }
      if (folders.length) {
        try {
          const o = this.resolve(folders, framePath(p.file), p.line, p.column > 0 ? p.column - 1 : 0)
          if (o) f.original = o.frame
          if (o) (f as any)._name = o.name
        } catch {
          /* unreadable or invalid map: the frame stays */
        }
      }
      frames.push(f)
      return f
    })
    // a frame's function is the name its caller's call site maps to (the callee's identifier)
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i]
      if (!f.original) continue
      const caller = frames[i + 1] as any
      // a call through .apply/.call names the method, not the function: keep the printed name then
      const name = caller && caller._name
      f.original.fn = (name && !INDIRECT.has(name) && name) || f.fn
    }
    for (const f of frames) delete (f as any)._name
    const text = lines.map((l) => (typeof l === 'string' ? l : l.original ? formatFrame(l) : l.raw)).join('\n')
    return { raw: stack, text, lines, frames, resolved: frames.filter((f) => f.original).length }
  }

  private candidateFolders(ids: StackIds): FolderIndex[] {
    const out: FolderIndex[] = []
    for (const id of [ids.buildId, ids.release]) {
      if (typeof id !== 'string' || !SAFE_ID.test(id) || id === '.' || id === '..') continue
      const idx = this.folder(join(this.root, id))
      if (idx && !out.includes(idx)) out.push(idx)
    }
    if (!out.length || this.o.rootFallback) {
      const idx = this.folder(this.root, !this.o.rootFallback)
      if (idx && !out.includes(idx)) out.push(idx)
    }
    return out
  }

  /** The file list of a maps folder (cached; read again on a miss after rescanMs). */
  private folder(dir: string, onlyIfTopHoldsMaps = false): FolderIndex | null {
    const known = this.folders.get(dir)
    if (known && Date.now() - known.scannedAt < this.o.rescanMs) return known.files.size ? known : null
    let st
    try {
      st = statSync(dir)
    } catch {
      return null
    }
    if (!st.isDirectory()) return null
    if (onlyIfTopHoldsMaps) {
      const top = readdirSync(dir)
      if (!top.some((n) => n.endsWith('.map') || n === '__APP__' || n === '__FULL__')) return null
    }
    const files = new Map<string, string>()
    const all: string[] = []
    const walk = (d: string, depth: number) => {
      if (depth > MAX_DEPTH || all.length >= MAX_FILES) return
      let names: string[]
      try {
        names = readdirSync(d).sort()
      } catch {
        return
      }
      for (const n of names) {
        if (all.length >= MAX_FILES) return
        const p = join(d, n)
        let s
        try {
          s = statSync(p)
        } catch {
          continue
        }
        if (s.isDirectory()) walk(p, depth + 1)
        else if (n.endsWith('.map')) all.push(p)
      }
    }
    walk(dir, 0)
    // WeChat's export: the main package (__APP__) answers for bare names before the whole package (__FULL__)
    const rank = (rel: string) => (rel.startsWith('__APP__/') ? 0 : rel.startsWith('__FULL__/') ? 1 : 2)
    const rels = all.map((p) => relative(dir, p).split(sep).join('/')).sort((a, b) => rank(a) - rank(b))
    for (const rel of rels) {
      const abs = join(dir, rel)
      const key = rel.slice(0, -4)
      if (!files.has(key)) files.set(key, abs)
      const m = /^__(?:APP|FULL)__\/(.+)$/.exec(key)
      if (m && !files.has(m[1])) files.set(m[1], abs)
    }
    const idx: FolderIndex = { files, scannedAt: Date.now() }
    this.folders.set(dir, idx)
    if (this.folders.size > 64) this.folders.delete(this.folders.keys().next().value!)
    return files.size ? idx : null
  }

  private findMap(folders: FolderIndex[], path: string): string | null {
    const segs = path.split('/').filter(Boolean)
    for (const f of folders) {
      for (let i = 0; i < segs.length; i++) {
        const hit = f.files.get(segs.slice(i).join('/'))
        if (hit) return hit
      }
    }
    return null
  }

  private resolve(folders: FolderIndex[], path: string, line: number, column0: number): { frame: OriginalFrame; name?: string } | null {
    const used: string[] = []
    let name: string | undefined
    let cur: { source: string; line: number; column: number; loaded: LoadedMap } | null = null
    let p = path
    let l = line
    let c = column0
    for (let depth = 0; depth < MAX_CHAIN; depth++) {
      const file = this.findMap(folders, p)
      if (!file || used.includes(file)) break
      const loaded = this.load(file)
      const pos = originalPositionFor(loaded.map, { line: l, column: c })
      if (pos.source == null || pos.line == null) break
      used.push(file)
      if (pos.name) name = pos.name
      cur = { source: pos.source, line: pos.line, column: pos.column, loaded }
      p = framePath(pos.source)
      l = pos.line
      c = pos.column
    }
    if (!cur) return null
    const frame: OriginalFrame = {
      source: readableSource(cur.loaded, cur.source),
      line: cur.line,
      column: cur.column + 1,
      maps: used.map((f) => relative(this.root, f).split(sep).join('/')),
    }
    const lines = this.sourceLines(cur.loaded, cur.source)
    if (lines && cur.line <= lines.length) {
      const n = this.o.contextLines
      const start = Math.max(1, cur.line - n)
      frame.context = { start, lines: lines.slice(start - 1, Math.min(lines.length, cur.line + n)).map((s) => (s.length > 400 ? s.slice(0, 400) + '…' : s)) }
    }
    return { frame, name }
  }

  private sourceLines(loaded: LoadedMap, source: string): string[] | null {
    if (loaded.lines.has(source)) return loaded.lines.get(source)!
    const content = sourceContentFor(loaded.map, source)
    const lines = content == null ? null : content.split(/\r?\n/)
    loaded.lines.set(source, lines)
    return lines
  }

  private load(file: string): LoadedMap {
    const known = this.maps.get(file)
    // a map rewritten in place (same build id, built again) is read again; checked at most every rescanMs
    const now = Date.now()
    const st = known && now - known.checkedAt < this.o.rescanMs ? null : statSync(file)
    if (known && (!st || known.mtimeMs === st.mtimeMs)) {
      if (st) known.checkedAt = now
      this.maps.delete(file)
      this.maps.set(file, known)
      this.counts.hits++
      return known
    }
    if (known) this.drop(file)
    const text = readFileSync(file, 'utf8')
    const json = JSON.parse(text)
    const map = json && Array.isArray(json.sections) ? new AnyMap(json) : new TraceMap(json)
    const loaded: LoadedMap = { map, bytes: text.length, mtimeMs: st!.mtimeMs, checkedAt: now, lines: new Map() }
    this.counts.loads++
    this.maps.set(file, loaded)
    this.bytes += loaded.bytes
    while (this.maps.size > 1 && (this.maps.size > this.o.maxMaps || this.bytes > this.o.maxBytes)) {
      this.drop(this.maps.keys().next().value!)
      this.counts.evictions++
    }
    return loaded
  }

  private drop(file: string): void {
    const m = this.maps.get(file)
    if (!m) return
    this.maps.delete(file)
    this.bytes -= m.bytes
  }
}

/**
 * The cleaned name of a source; a flattened module name (`._src_pages_errors_index.tsx`, as Taro's webpack
 * build names some modules) becomes the path of the map's source it flattens (`src/pages/errors/index.tsx`).
 */
function readableSource(loaded: LoadedMap, source: string): string {
  const clean = cleanSource(source)
  const m = /^\.{0,2}_([^/]+)$/.exec(clean)
  if (!m) return clean
  const flat = m[1]
  for (const other of loaded.map.resolvedSources) {
    if (other == null) continue
    const c = cleanSource(other)
    if (c !== clean && c.replace(/\//g, '_') === flat) return c
  }
  return clean
}

/** `    at fn (src/a.tsx:12:7)` */
export function formatFrame(f: SymbolicatedFrame): string {
  const o = f.original
  if (!o) return f.raw
  const indent = f.style === 'v8' ? (/^\s*/.exec(f.raw)?.[0] ?? '    ') : '    '
  const where = `${o.source}:${o.line}:${o.column}`
  return `${indent || '    '}at ${o.fn ? `${o.fn} (${where})` : where}`
}
