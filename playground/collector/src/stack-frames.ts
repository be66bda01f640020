// Stack frames as mini-program runtimes print them, one per line:
//   V8 (Android WeChat / Alipay, devtools, Node):  `    at a.t.fn (https://usr/app-service.js:8534:328219)`, `    at file:l:c`
//   JavaScriptCore (iOS):                          `onTap@https://usr/app-service.js:1:2345`, `@appservice.app.js:1:9`
//   bare locations (WeChat's error reports):       `appservice.app.js:1:250123`, `common/vendor.js:2:9981`
//   WeChat devtools:                               `at n.onTap (weapp:///pages/errors/index.js:12:11)`
//   Alipay:                                        `at t.onTap (https://appx/af-appx.worker.min.js:1:12345)`
// A line that is none of these (the message, "[native code]", …) is kept as it is.

export type FrameStyle = 'v8' | 'jsc' | 'bare'

export interface StackFrame {
  /** The line exactly as it arrived. */
  raw: string
  /** The function as printed (minified), when there is one. */
  fn?: string
  /** The file as printed (a URL, a path, a bundle name). */
  file: string
  /** 1-based. */
  line: number
  /** 1-based, as V8 and JavaScriptCore print it. */
  column: number
  style: FrameStyle
}

const V8_CALL = /^\s*at\s+(?:async\s+)?(.*?)\s+\((.+):(\d+):(\d+)\)\s*$/
const V8_BARE = /^\s*at\s+(?:async\s+)?(.+?):(\d+):(\d+)\s*$/
const JSC = /^\s*(?!at\s)([^@()]*?)@(.+):(\d+):(\d+)\s*$/
// a location alone: a file that looks like one (has a dot or a slash), no spaces
const BARE = /^\s*([^\s()@]*[./][^\s()@]*):(\d+):(\d+)\s*$/

/** The frame a line describes, or null when it is not a frame. */
export function parseFrame(raw: string): StackFrame | null {
  let m = V8_CALL.exec(raw)
  if (m) return frame(raw, m[1], m[2], m[3], m[4], 'v8')
  m = V8_BARE.exec(raw)
  if (m) return frame(raw, undefined, m[1], m[2], m[3], 'v8')
  m = JSC.exec(raw)
  if (m) return frame(raw, m[1] || undefined, m[2], m[3], m[4], 'jsc')
  m = BARE.exec(raw)
  if (m) return frame(raw, undefined, m[1], m[2], m[3], 'bare')
  return null
}

function frame(raw: string, fn: string | undefined, file: string, line: string, column: string, style: FrameStyle): StackFrame | null {
  const l = Number(line)
  const c = Number(column)
  if (!(l >= 1) || !(c >= 0) || !file) return null
  // `at eval (eval at f (file:1:2), <anonymous>:1:1)`: not a file anyone has a map for
  if (file.includes('<anonymous>') || file.startsWith('eval at ')) return null
  return { raw, fn: fn || undefined, file, line: l, column: c, style }
}

/** Every line of a stack: the frame it names, or the line itself. */
export function parseStack(stack: string): (StackFrame | string)[] {
  return stack.split(/\r?\n/).map((l) => parseFrame(l) ?? l)
}

/**
 * The path inside the app a frame's file names, without scheme, host and query: `https://usr/app-service.js` →
 * `app-service.js`, `weapp:///pages/a/index.js` → `pages/a/index.js`, `/abs/dist/weapp/common/vendor.js` →
 * `abs/dist/weapp/common/vendor.js` (matched on its tail later).
 */
export function framePath(file: string): string {
  let f = file.trim()
  f = f.replace(/[?#].*$/, '')
  const scheme = /^[a-zA-Z][\w+.-]*:\/\/([^/]*)/.exec(f)
  if (scheme) f = f.slice(scheme[0].length)
  else f = f.replace(/^[a-zA-Z]:[\\/]/, '')
  f = f.replace(/\\/g, '/')
  return f.split('/').filter((s) => s && s !== '.' && s !== '..').join('/')
}

/** Readable name of an original source: `webpack://app/./src/a.tsx?x` → `src/a.tsx`, `../../src/a.vue` → `src/a.vue`. */
export function cleanSource(source: string): string {
  let s = source.replace(/[?#].*$/, '')
  // webpack://<namespace>/ (the package name, scoped ones included) or webpack:///
  s = s.replace(/^webpack:\/\/(?:@[^/]+\/)?[^/]*\//, '').replace(/^webpack:\/\//, '')
  if (/^file:\/\//.test(s)) s = s.replace(/^file:\/\//, '')
  s = s.replace(/\\/g, '/')
  const parts = s.split('/')
  const out: string[] = []
  for (const p of parts) {
    if (p === '.' || (p === '' && out.length > 0)) continue
    if (p === '..') {
      if (out.length && out[out.length - 1] !== '') out.pop()
      continue
    }
    out.push(p)
  }
  const joined = out.join('/')
  if (!joined.startsWith('/')) return joined
  // an absolute path of the machine that built it: from the package's node_modules/ or src/ on
  const nm = joined.lastIndexOf('/node_modules/')
  if (nm >= 0) return joined.slice(nm + 1)
  const src = joined.indexOf('/src/')
  return src >= 0 ? joined.slice(src + 1) : joined
}
