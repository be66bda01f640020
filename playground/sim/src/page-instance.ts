// Turns a Page() or Component() registration into a live page instance and maps the router's lifecycle
// steps onto the right hooks. Page(): options' functions and fields are copied onto the instance, `data`
// is copied. Component() used as a page (how uni-app's mp-weixin output registers pages): behaviors are
// merged first, methods (including onLoad/onShow/...) go onto the instance, lifetimes and pageLifetimes
// run around them, and query parameters fill matching properties. On Baidu (platforms.ts `componentPage`)
// such a page loads as attached -> methods.onShow -> methods.onLoad (lifetimes.onInit(query) first on newer
// base libraries), and getCurrentPages() holds a page object of its own, the component's `pageinstance`.

import type { Runtime } from './runtime'
import { applySetData } from './set-data'
import { realSetImmediate } from './timers'
import type { Options, PageInstance } from './types'

export interface PageDefinition {
  kind: 'page' | 'component'
  route: string
  options: Options
}

export interface PageHandle {
  /** What getCurrentPages() holds. */
  readonly instance: PageInstance
  /** The instance the page's template is bound to: its data and methods (the same as `instance` but on Baidu's Component() pages). */
  readonly view: PageInstance
  readonly route: string
  load(query: Record<string, string>): void
  show(): void
  ready(): void
  hide(): void
  unload(): void
}

const BEHAVIOR = Symbol.for('minimon.sim.behavior')

export function markBehavior(options: Options): Options {
  const b = { ...options }
  Object.defineProperty(b, BEHAVIOR, { value: true })
  return b
}

function copyValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v
  try {
    return structuredClone(v)
  } catch {
    return v
  }
}

function baseInstance(rt: Runtime, route: string, data: Record<string, any>): PageInstance {
  const inst = { route, __route__: route, is: route, options: {}, data } as unknown as PageInstance
  inst.setData = function setData(patch: Record<string, unknown>, callback?: () => void): void {
    if (!patch || typeof patch !== 'object') return
    applySetData(inst.data, patch)
    // The callback runs once the view layer has rendered: a macrotask later.
    if (typeof callback === 'function') realSetImmediate(() => rt.call(callback, inst))
  }
  inst.selectComponent = () => null
  inst.selectAllComponents = () => []
  inst.getOpenerEventChannel = () => ({ emit() {}, on() {}, once() {}, off() {} })
  if (rt.pageFields) Object.assign(inst, rt.pageFields(++rt.pagesMade))
  if (rt.platform === 'alipay') {
    inst.$spliceData = function $spliceData(patch: Record<string, [number, number, ...unknown[]]>, callback?: () => void) {
      for (const [key, args] of Object.entries(patch)) {
        const arr = key.split('.').reduce<any>((o, k) => (o == null ? o : o[k]), inst.data)
        if (Array.isArray(arr)) arr.splice(...(args as [number, number, ...unknown[]]))
      }
      if (typeof callback === 'function') realSetImmediate(() => rt.call(callback, inst))
    }
  }
  return inst
}

function pageHandle(rt: Runtime, def: PageDefinition): PageHandle {
  const o = def.options
  const inst = baseInstance(rt, def.route, (copyValue(o.data ?? {}) as Record<string, any>) ?? {})
  for (const [k, v] of Object.entries(o)) {
    // `route` may be given by test code registering without a file; the instance keeps the normalised one.
    if (k === 'data' || k === 'route' || k === '__route__') continue
    inst[k] = typeof v === 'function' ? v : copyValue(v)
  }
  return {
    instance: inst,
    view: inst,
    route: def.route,
    load: (query) => {
      inst.options = query
      if (rt.pageOnInit) rt.call(inst.onInit, inst, [query])
      rt.call(inst.onLoad, inst, [query])
    },
    show: () => rt.call(inst.onShow, inst),
    ready: () => rt.call(inst.onReady, inst),
    hide: () => rt.call(inst.onHide, inst),
    unload: () => rt.call(inst.onUnload, inst),
  }
}

/** Behaviors first (depth-first, each once), then the component itself. */
function definitionChain(o: Options, seen = new Set<Options>()): Options[] {
  const out: Options[] = []
  for (const b of Array.isArray(o.behaviors) ? o.behaviors : []) {
    if (b && typeof b === 'object' && !seen.has(b)) {
      seen.add(b)
      out.push(...definitionChain(b, seen))
    }
  }
  out.push(o)
  return out
}

function propertyDefault(spec: unknown): unknown {
  if (spec && typeof spec === 'object' && 'value' in spec) return copyValue((spec as { value: unknown }).value)
  const type = spec && typeof spec === 'object' ? (spec as { type?: unknown }).type : spec
  if (type === String) return ''
  if (type === Number) return 0
  if (type === Boolean) return false
  if (type === Array) return []
  return null
}

function coerce(spec: unknown, raw: string): unknown {
  const type = spec && typeof spec === 'object' ? (spec as { type?: unknown }).type : spec
  if (type === Number) return Number(raw)
  if (type === Boolean) return raw === 'true' || raw === '1'
  return raw
}

function componentHandle(rt: Runtime, def: PageDefinition): PageHandle {
  const chain = definitionChain(def.options)
  const properties: Record<string, unknown> = Object.assign({}, ...chain.map((c) => c.properties ?? {}))
  const data: Record<string, any> = {}
  for (const [k, spec] of Object.entries(properties)) data[k] = propertyDefault(spec)
  for (const c of chain) Object.assign(data, copyValue(c.data ?? {}))
  const inst = baseInstance(rt, def.route, data)
  inst.properties = data
  inst.triggerEvent = () => {}
  for (const name of rt.readOnlyMethods) Object.defineProperty(inst, name, { value: inst[name], writable: false, enumerable: true, configurable: false })
  const methods: Record<string, unknown> = {}
  for (const c of chain) for (const [k, fn] of Object.entries(c.methods ?? {})) inst[k] = methods[k] = fn
  const cp = rt.componentPage
  if (cp?.methodsAndDispatch) {
    inst.methods = methods
    // A message goes to the ancestors' `messages`; a page is the root of its component tree (platforms.ts).
    inst.dispatch = () => {}
  }
  // Baidu: getCurrentPages() holds a page object of its own, the component's `pageinstance` (platforms.ts).
  const page = cp?.pageInstance ? baseInstance(rt, def.route, {}) : inst
  if (page !== inst) inst.pageinstance = page
  // `lifetimes.x` wins over a top-level `x` within one definition; every definition's hook runs.
  const hooks = (name: string): unknown[] => chain.map((c) => c.lifetimes?.[name] ?? c[name]).filter((f) => typeof f === 'function')
  const pageHooks = (name: string): unknown[] => chain.map((c) => c.pageLifetimes?.[name]).filter((f) => typeof f === 'function')
  const run = (fns: unknown[], args: unknown[] = []) => fns.forEach((fn) => rt.call(fn, inst, args))
  run(hooks('created'))
  // Where the page shows before it loads (Baidu), attached waits for the load; elsewhere it runs now.
  if (!cp?.showBeforeLoad) run(hooks('attached'))
  let shownByLoad = false
  return {
    instance: page,
    view: inst,
    route: def.route,
    load: (query) => {
      inst.options = query
      if (page !== inst) page.options = query
      const patch: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(query)) if (k in properties) patch[k] = coerce(properties[k], v)
      applySetData(inst.data, patch)
      if (cp?.showBeforeLoad) {
        if (cp.onInit) run(hooks('onInit'), [query])
        run(hooks('attached'))
        rt.call(inst.onShow, inst)
        shownByLoad = true
      }
      rt.call(inst.onLoad, inst, [query])
    },
    show: () => {
      // The first show after a load that already ran methods.onShow only reaches pageLifetimes.
      if (!shownByLoad) rt.call(inst.onShow, inst)
      shownByLoad = false
      run(pageHooks('show'))
    },
    ready: () => {
      run(hooks('ready'))
      rt.call(inst.onReady, inst)
    },
    hide: () => {
      rt.call(inst.onHide, inst)
      run(pageHooks('hide'))
    },
    unload: () => {
      rt.call(inst.onUnload, inst)
      run(hooks('detached'))
    },
  }
}

export function createPage(rt: Runtime, def: PageDefinition): PageHandle {
  return def.kind === 'component' ? componentHandle(rt, def) : pageHandle(rt, def)
}
