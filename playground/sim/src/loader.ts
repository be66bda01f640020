// Loads a compiled app directory the way the platforms do: read app.json, "download" the main package,
// evaluate app.js and every main-package page file, and load a subpackage the first time one of its
// pages is opened. Each step is timed for wx.getPerformance (downloadPackage, evaluateScript).
// Only .js and app.json matter here; wxml/axml/wxss/acss templates are not rendered.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseAppConfig, subPackageOf, type AppConfig, type SubPackage } from './app-config'
import type { Registry } from './app-registry'
import { ModuleSystem } from './module-system'
import type { PerfRecorder } from './performance'
import type { PageSource } from './router'
import type { Runtime } from './runtime'

export const MAIN_PACKAGE = '__APP__'

function dirSize(dir: string, skip: (path: string) => boolean): number {
  let total = 0
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (skip(p)) continue
    const st = statSync(p)
    total += st.isDirectory() ? dirSize(p, skip) : st.size
  }
  return total
}

export class AppDirLoader implements PageSource {
  readonly config: AppConfig
  private readonly modules: ModuleSystem
  private readonly loadedSubPackages = new Set<string>()
  private readonly root: string

  constructor(
    dir: string,
    private readonly rt: Runtime,
    private readonly registry: Registry,
    private readonly perf: PerfRecorder | undefined,
    globals: Record<string, unknown>,
  ) {
    this.root = resolve(dir)
    const appJson = join(this.root, 'app.json')
    if (!existsSync(appJson)) throw new Error(`no app.json in ${this.root}`)
    this.config = parseAppConfig(JSON.parse(readFileSync(appJson, 'utf8')))
    this.modules = new ModuleSystem(this.root, globals)
  }

  /** Main package: size it, then run app.js and the main pages. Errors go to onError like on devices. */
  loadMainPackage(): void {
    const subRoots = this.config.subPackages.map((s) => join(this.root, s.root))
    const t0 = Date.now()
    const size = dirSize(this.root, (p) => subRoots.includes(p) || p.endsWith('node_modules'))
    const t1 = Date.now()
    this.perf?.packageLoaded(MAIN_PACKAGE, t0, t1, size)
    const before = this.modules.evaluated.length
    this.runFile('app.js', undefined)
    for (const route of this.config.mainPages) this.runFile(`${route}.js`, route)
    this.perf?.scriptEvaluated(MAIN_PACKAGE, t1, Date.now(), this.modules.evaluated.slice(before))
  }

  async ensure(route: string): Promise<boolean> {
    const sub = subPackageOf(this.config, route)
    if (sub && !this.loadedSubPackages.has(sub.root)) this.loadSubPackage(sub)
    return this.registry.pages.has(route)
  }

  template(route: string): string | undefined {
    for (const ext of ['wxml', 'axml']) {
      const file = join(this.root, `${route}.${ext}`)
      if (existsSync(file)) return readFileSync(file, 'utf8')
    }
    return undefined
  }

  private loadSubPackage(sub: SubPackage): void {
    this.loadedSubPackages.add(sub.root)
    const dir = join(this.root, sub.root)
    const t0 = Date.now()
    const size = existsSync(dir) ? dirSize(dir, () => false) : 0
    const t1 = Date.now()
    this.perf?.packageLoaded(sub.root, t0, t1, size)
    const before = this.modules.evaluated.length
    for (const route of sub.pages) this.runFile(`${route}.js`, route)
    this.perf?.scriptEvaluated(sub.root, t1, Date.now(), this.modules.evaluated.slice(before))
  }

  private runFile(file: string, route: string | undefined): void {
    if (!existsSync(join(this.root, file))) return
    this.registry.registering = route
    try {
      this.modules.run(file)
    } catch (e) {
      this.rt.reportError(e)
    } finally {
      this.registry.registering = undefined
    }
  }
}

/** Pages registered in memory (sim.registerPage, Page({ route }), launch({ app: { pages } })). */
export class InMemorySource implements PageSource {
  constructor(private readonly registry: Registry) {}

  async ensure(route: string): Promise<boolean> {
    return this.registry.pages.has(route)
  }
}
