// CommonJS as the mini program platforms run it: each file is wrapped in a function whose parameters are
// the module variables, and the mini-program globals (wx/my, App, Page, ..., timers) are read from the app's
// global object at call time, as on the platforms:
// - WeChat wraps each file in `define(path, function (require, module, exports, window, document, frames,
//   self, …) { … })`: App, Page and Component are not among the parameters, and a page file's bare `Page(…)`
//   is a global read (WeChat's compiled app-service.js; uni-app's mp runtime relies on it by reassigning
//   `Page = function …` in common/vendor.js: dcloudio/uni-app packages/uni-mp-core/src/runtime/polyfill.ts).
// - Alipay's generated entry (`.tea/entryFiles*/index.worker.js`) sets `self.Page = AFAppX.Page`,
//   `self.App = AFAppX.App`, `self.Component = …` once, then requires app.js and each page: the page files
//   read the globals when they call them (SDKs wrap them by assigning `Page = …`: sensorsdata sa-sdk-alipaymini).
// Compiled with vm.compileFunction in the main realm so Error, Promise and friends are the host's own classes.
// Bare specifiers resolve from miniprogram_npm/ (WeChat's npm build output), then node_modules/,
// walking up to the app root, then fall back to Node's resolution.

import { existsSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve, sep } from 'node:path'
import vm from 'node:vm'

interface Module {
  id: string
  filename: string
  exports: unknown
  loaded: boolean
}

export class ModuleSystem {
  private readonly cache = new Map<string, Module>()
  /** Files evaluated so far, relative to the app root (for evaluateScript's fileList). */
  readonly evaluated: string[] = []

  private readonly root: string

  constructor(
    root: string,
    private readonly globals: Record<string, unknown>,
  ) {
    this.root = resolve(root)
  }

  /** Runs a file of the app (path relative to the root, or absolute) and returns its exports. */
  run(file: string): unknown {
    return this.load(resolve(this.root, file))
  }

  resolveFile(from: string, spec: string): string {
    if (spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/')) {
      // A leading "/" means the app root on the platforms, not the file system root.
      const base = spec.startsWith('/') ? join(this.root, spec) : resolve(dirname(from), spec)
      const hit = this.tryFile(base)
      if (hit) return hit
      throw notFound(spec, from)
    }
    for (let dir = dirname(from); ; dir = dirname(dir)) {
      for (const folder of ['miniprogram_npm', 'node_modules']) {
        const hit = this.tryPackage(join(dir, folder, spec))
        if (hit) return hit
      }
      if (dir === this.root || !dir.startsWith(this.root + sep) || dirname(dir) === dir) break
    }
    // Last resort: the relative-looking bare path inside the app ("utils/x" is allowed on WeChat).
    const inApp = this.tryFile(resolve(dirname(from), spec))
    if (inApp) return inApp
    return createRequire(from).resolve(spec)
  }

  private tryFile(base: string): string | undefined {
    for (const p of [base, `${base}.js`, `${base}.json`, join(base, 'index.js')]) {
      if (existsSync(p) && statSync(p).isFile()) return p
    }
    return undefined
  }

  private tryPackage(dir: string): string | undefined {
    const direct = this.tryFile(dir)
    if (direct) return direct
    const pkgFile = join(dir, 'package.json')
    if (existsSync(pkgFile)) {
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'))
      for (const field of ['miniprogram', 'main']) {
        if (typeof pkg[field] === 'string') {
          const hit = this.tryFile(join(dir, pkg[field]))
          if (hit) return hit
        }
      }
    }
    return undefined
  }

  private load(filename: string): unknown {
    const cached = this.cache.get(filename)
    if (cached) return cached.exports
    if (!filename.startsWith(this.root)) return createRequire(filename)(filename)
    const mod: Module = { id: filename, filename, exports: {}, loaded: false }
    this.cache.set(filename, mod)
    this.evaluated.push(filename.slice(this.root.length + 1).split(sep).join('/'))
    if (filename.endsWith('.json')) {
      mod.exports = JSON.parse(readFileSync(filename, 'utf8'))
    } else {
      // The module variables are the wrapper's parameters; every other free name (wx/my, App, Page, Component,
      // getApp, timers, …) is read from the app's global object when the code runs, so a global replaced by
      // one file (a monitor wrapping `Page` in app.js, uni-app's own `Page = function …`) is what later
      // calls in every file get. `with` gives that lookup without a separate realm; the file's own code
      // stays in an inner function, keeping its "use strict", and its first line stays line 1 (lineOffset).
      const fn = vm.compileFunction(
        'with (__global__) return function (exports, require, module, __filename, __dirname) {\n' + readFileSync(filename, 'utf8') + '\n}.apply(this, __module__)',
        ['__global__', '__module__'],
        { filename, lineOffset: -1 },
      )
      const req = (spec: string) => {
        const target = this.resolveFile(filename, spec)
        return target.startsWith(this.root) ? this.load(target) : createRequire(filename)(target)
      }
      try {
        fn.call(mod.exports, this.globals, [mod.exports, req, mod, filename, dirname(filename)])
      } catch (e) {
        // As in Node: a module that threw is not cached, so a later require runs it again.
        this.cache.delete(filename)
        throw e
      }
    }
    mod.loaded = true
    return mod.exports
  }
}

function notFound(spec: string, from: string): Error {
  const e = new Error(`module '${spec}' is not defined, require args is '${spec}' (from ${from})`) as Error & { code: string }
  e.code = 'MODULE_NOT_FOUND'
  return e
}
