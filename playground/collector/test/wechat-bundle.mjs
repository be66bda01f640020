// Makes a mini program the way a framework and WeChat's tools package one, to prove symbolication on it:
//  1. the framework build: original sources → minified output files with their own maps
//     (common/vendor.js, pages/errors/index.js, app.js — esbuild standing in for webpack/vite);
//  2. WeChat's packaging: each output file compiled again (its own map back to the output file), wrapped in
//     `define("<path>", function (require, module, exports) { … })`, all concatenated in load order into one
//     bundle (app-service.js, or appservice.app.js with lazy code loading) with an index map (`sections`).
// `run()` then executes the merged bundle under its production URL, so thrown errors carry real V8 frames
// such as `at … (https://usr/app-service.js:1:3077)`.
import { transformSync, buildSync } from 'esbuild'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import vm from 'node:vm'

export const SOURCES = {
  'src/lib/guard.ts': [
    '// a helper the framework puts in common/vendor.js',
    'export function runGuarded(label: string, fn: () => number): number {',
    '  const started = Date.now()',
    '  const out = fn()',
    '  return out + (Date.now() - started) * 0 + label.length * 0',
    '}',
    '',
  ].join('\n'),
  'src/pages/errors/index.ts': [
    "import { runGuarded } from '../../lib/guard'",
    '',
    'export function computeTotal(items: number[]): number {',
    '  let total = 0',
    '  for (const i of items) total += i',
    '  if (total > 10) {',
    "    throw new Error('total too large: ' + total)",
    '  }',
    '  return total',
    '}',
    '',
    'export function onTapThrow(): number {',
    "  return runGuarded('tap', () => computeTotal([5, 6, 7]))",
    '}',
    '',
  ].join('\n'),
  'src/app.ts': ["export const appName = 'demo'", ''].join('\n'),
}

/** 1-based line of `needle` in a source of SOURCES. */
export function lineOf(file, needle) {
  const i = SOURCES[file].split('\n').findIndex((l) => l.includes(needle))
  if (i < 0) throw new Error(`${needle} not in ${file}`)
  return i + 1
}

/** The framework's output: path → { code, map } (minified, names kept in the maps). */
export function frameworkBuild() {
  const entry = (src, global) =>
    buildSync({
      stdin: { contents: SOURCES[src], sourcefile: src, resolveDir: '/', loader: 'ts' },
      bundle: false,
      write: false,
      minify: true,
      format: 'cjs',
      sourcemap: 'external',
      sourcesContent: true,
      outfile: 'out.js',
      globalName: global,
    })
  const out = {}
  const one = (path, src, rewrite = (c) => c) => {
    const r = entry(src)
    const js = r.outputFiles.find((f) => f.path.endsWith('.js')).text
    const map = JSON.parse(r.outputFiles.find((f) => f.path.endsWith('.map')).text)
    // sources as webpack names them
    map.sources = map.sources.map((s) => `webpack://demo-app/./${s.replace(/^\/+/, '').replace(/^(\.\.\/)+/, '')}`)
    out[path] = { code: rewrite(js.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n')), map }
  }
  one('common/vendor.js', 'src/lib/guard.ts')
  one('pages/errors/index.js', 'src/pages/errors/index.ts', (c) => c.replace(/require\("..\/..\/lib\/guard"\)/, 'require("common/vendor.js")'))
  one('app.js', 'src/app.ts')
  return out
}

/** WeChat's merge of output files (in load order) into one bundle with an index map. */
export function wechatMerge(files, order = ['common/vendor.js', 'app.js', 'pages/errors/index.js'], bundle = 'app-service.js') {
  // what the runtime evaluates before the app's files
  let code = '/* WeChat app service runtime */var __wxAppCode__={};\n'
  let line = 1 // 0-based: the runtime took line 0
  const sections = []
  for (const path of order) {
    // the tools compile each file again (here: whitespace folded), with its own map back to the output file
    const t = transformSync(files[path].code, { sourcefile: path, sourcemap: 'external', minifyWhitespace: true, format: 'cjs', loader: 'js' })
    const head = `define("${path}",function(require,module,exports,window,document,App,Page,Component,wx){`
    const body = t.code.replace(/\n+$/, '').replace(/\n/g, ' ')
    sections.push({ offset: { line, column: head.length }, map: JSON.parse(t.map) })
    code += head + body + '});\n'
    line += 1
  }
  code += 'require("app.js");\n'
  return { code, map: { version: 3, file: bundle, sections } }
}

/** Writes maps the way a release keeps them: framework maps by output path, WeChat's under __APP__/. */
export function writeMaps(dir, files, merged, bundle = 'app-service.js') {
  for (const [path, f] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path + '.map'), JSON.stringify(f.map))
  }
  mkdirSync(join(dir, '__APP__'), { recursive: true })
  writeFileSync(join(dir, '__APP__', bundle + '.map'), JSON.stringify(merged.map))
}

/** Runs the merged bundle as `url` and returns the stack of the error thrown by the page's onTapThrow(). */
export function run(merged, url = 'https://usr/app-service.js') {
  const factories = {}
  const cache = {}
  const req = (p) => {
    if (cache[p]) return cache[p].exports
    const module = { exports: {} }
    cache[p] = module
    factories[p](req, module, module.exports)
    return module.exports
  }
  const context = vm.createContext({ define: (p, f) => (factories[p] = f), require: req, Date })
  vm.runInContext(merged.code, context, { filename: url })
  try {
    req('pages/errors/index.js').onTapThrow()
  } catch (e) {
    return e.stack
  }
  throw new Error('onTapThrow did not throw')
}
