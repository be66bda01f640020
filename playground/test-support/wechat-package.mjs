// Packages a built mini program (a native app's dist/wechat, a Taro or uni-app WeChat output) the way WeChat's developer tools do for upload, so that its errors
// show the production frame shape (`at … (app-service.js:12:345)`) and its maps come in WeChat's export layout:
//   - every .js file compiled and minified on its own (esbuild standing in for the tools' compiler), with a map
//     back to the app's file (sources `pages/error/index.js`, with sourcesContent);
//   - all of them wrapped in `define("<path>", function (require, module, exports) { … })` and concatenated in
//     load order (npm packages, other modules, app.js, pages in app.json order) into app-service.js, after a
//     one-line module runtime standing in for WeChat's;
//   - the index map of that bundle (`sections`, one per file) written as the tools export it:
//     <exportDir>/__APP__/app-service.js.map and <exportDir>/__FULL__/app-service.js.map.
// app.js, each page's and each component's .js (a .js with a .json beside it) become one-line stubs that run
// their module from app-service.js (the simulator loads them by path, as WeChat's runtime loads a page); no
// other .js file remains.
import { transform } from 'esbuild'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

const RUNTIME =
  'var __defs={},__cache={};function define(p,f){__defs[p]=f}' +
  "function __norm(p){var o=[];p.split('/').forEach(function(s){if(s==='..')o.pop();else if(s&&s!=='.')o.push(s)});return o.join('/')}" +
  "function __resolve(from,spec){var base=from.split('/').slice(0,-1).join('/');var p=spec.charAt(0)==='.'?__norm(base+'/'+spec):__norm('miniprogram_npm/'+spec);" +
  "var c=[p,p+'.js',p+'/index.js',__norm(spec),__norm(spec)+'.js'];for(var i=0;i<c.length;i++)if(__defs[c[i]])return c[i];throw new Error('module '+spec+' is not defined (from '+from+')')}" +
  'function __require(p){if(__cache[p])return __cache[p].exports;var m={exports:{}};__cache[p]=m;__defs[p].call(m.exports,function(s){return __require(__resolve(p,s))},m,m.exports);return m.exports}' +
  'module.exports=__require;\n'

function jsFiles(dir, root = dir) {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n)
    if (statSync(p).isDirectory()) return jsFiles(p, root)
    return n.endsWith('.js') ? [relative(root, p).split(sep).join('/')] : []
  })
}

/**
 * Packages the app in `dir` into `out` (a copy) and writes WeChat's map export to `exportDir`.
 * Resolves to { out, bundle, order }.
 */
export async function wechatPackage(dir, out, exportDir) {
  rmSync(out, { recursive: true, force: true })
  cpSync(dir, out, { recursive: true })
  const app = JSON.parse(readFileSync(join(out, 'app.json'), 'utf8'))
  const pages = (app.pages || []).map((p) => p + '.js')
  const all = jsFiles(out)
  const rank = (f) => (f.startsWith('miniprogram_npm/') ? 0 : f === 'app.js' ? 2 : pages.includes(f) ? 3 : 1)
  const order = all.sort((a, b) => rank(a) - rank(b) || (rank(a) === 3 ? pages.indexOf(a) - pages.indexOf(b) : 0))
  let code = RUNTIME
  let line = 1 // 0-based: the runtime took line 0
  const sections = []
  for (const f of order) {
    const t = await transform(readFileSync(join(out, f), 'utf8'), { sourcefile: f, sourcemap: 'external', sourcesContent: true, minify: true, loader: 'js', target: 'es2015' })
    const head = `define(${JSON.stringify(f)},function(require,module,exports){`
    const body = t.code.replace(/\n+$/, '')
    sections.push({ offset: { line, column: head.length }, map: JSON.parse(t.map) })
    code += head + body + '});\n'
    line += body.split('\n').length
  }
  writeFileSync(join(out, 'app-service.js'), code)
  for (const f of order) {
    const up = '../'.repeat(f.split('/').length - 1) || './'
    if (f === 'app.js' || pages.includes(f) || existsSync(join(out, f.replace(/\.js$/, '.json')))) writeFileSync(join(out, f), `require(${JSON.stringify(up + 'app-service.js')})(${JSON.stringify(f)})\n`)
    else rmSync(join(out, f))
  }
  const map = JSON.stringify({ version: 3, file: 'app-service.js', sections })
  for (const folder of ['__APP__', '__FULL__']) {
    mkdirSync(join(exportDir, folder), { recursive: true })
    writeFileSync(join(exportDir, folder, 'app-service.js.map'), map)
  }
  return { out, bundle: join(out, 'app-service.js'), order }
}
