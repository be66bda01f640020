// The wrappers alone, with a recording monitor and a fake `wx`: what they report, and that the app's own
// methods keep their `this`, arguments, return values and throws.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Monitor, MonitorOptions } from '@minimon/core'
import { createNative } from '../src/native'

type Obj = Record<string, any>

function recorder() {
  const events: string[] = []
  const times: Record<string, number> = {}
  const errors: [unknown, Obj | undefined][] = []
  const monitor: Monitor = {
    enabled: true,
    platform: 'wechat',
    captureError: (e, a) => void errors.push([e, a]),
    lifecycle(event, route, time) {
      events.push(route ? `${event} ${route}` : event)
      times[event] = time ?? Date.now()
    },
    currentPage: () => '',
    flush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  }
  return { monitor, events, times, errors }
}

function setup(withMonitor = true) {
  const r = recorder()
  const init = vi.fn((o: MonitorOptions) => r.monitor)
  const native = createNative({ init, getMonitor: () => (withMonitor ? r.monitor : undefined) })
  return { ...r, init, native }
}

/** A fake `wx` whose navigation functions settle like the platform's (callbacks, or a promise without them). */
function fakeApi(known: string[]) {
  const calls: Obj[] = []
  const nav = (name: string) =>
    function (this: unknown, o: Obj) {
      calls.push({ name, options: o, self: this })
      const route = String(o.url || '').replace(/^\//, '').replace(/\?.*$/, '')
      const ok = name === 'navigateBack' || known.includes(route)
      const res = ok ? { errMsg: `${name}:ok` } : { errMsg: `${name}:fail page "${route}" is not found` }
      if (o.success || o.fail || o.complete) {
        setTimeout(() => {
          ;(ok ? o.success : o.fail)?.(res)
          o.complete?.(res)
        })
        return undefined
      }
      return ok ? Promise.resolve(res) : Promise.reject(res)
    }
  const api: Obj = { request() {}, calls }
  for (const n of ['navigateTo', 'redirectTo', 'navigateBack', 'switchTab', 'reLaunch']) api[n] = nav(n)
  return api
}

let stack: Obj[] = []
beforeEach(() => {
  stack = []
  ;(globalThis as Obj).wx = fakeApi(['pages/b/b', 'pages/a/a'])
  ;(globalThis as Obj).getCurrentPages = () => stack
})
afterEach(() => {
  delete (globalThis as Obj).wx
  delete (globalThis as Obj).getCurrentPages
})

const page = (route: string): Obj => ({ route })

describe('monitorPage', () => {
  it('returns the same options, keeps this, arguments and return values, and leaves other methods alone', () => {
    const { native } = setup()
    const seen: unknown[] = []
    const onTap = function (this: unknown) {
      return 'tapped'
    }
    const options: Obj = {
      data: { n: 1 },
      onLoad(this: Obj, query: Obj, extra: unknown) {
        seen.push(this, query, extra, arguments.length)
        return 42
      },
      onTap,
    }
    const out = native.monitorPage(options)
    expect(out).toBe(options)
    expect(out.onTap).toBe(onTap)
    expect(out.data).toEqual({ n: 1 })
    const inst = page('pages/a/a')
    const query = { id: '1' }
    expect(out.onLoad.call(inst, query, 'x')).toBe(42)
    expect(seen).toEqual([inst, query, 'x', 2])
    // hooks the page did not have are added and return nothing
    expect(typeof out.onReady).toBe('function')
    expect(out.onReady.call(inst)).toBeUndefined()
  })

  it('a throwing lifecycle method throws the same error as before and is left to the platform to report', () => {
    const { native, events, errors } = setup()
    const boom = new Error('boom')
    const out = native.monitorPage({
      onLoad() {
        throw boom
      },
    })
    let caught: unknown
    try {
      ;(out as Obj).onLoad.call(page('pages/a/a'), {})
    } catch (e) {
      caught = e
    }
    expect(caught).toBe(boom)
    // the platform hands the throw to onError, which the monitor hooks: the wrapper reports nothing itself
    expect(errors).toEqual([])
    expect(events).toEqual(['pageLoad pages/a/a', 'pageShow pages/a/a'])
  })

  it('reports the lifecycle in order: arrival (load + show), ready, hide, show, unload, each once', () => {
    const { native, events } = setup()
    const o: Obj = native.monitorPage({})
    const a = page('pages/a/a')
    o.onLoad.call(a, {})
    o.onShow.call(a)
    o.onReady.call(a)
    o.onReady.call(a)
    o.onHide.call(a)
    o.onHide.call(a)
    o.onShow.call(a)
    o.onUnload.call(a)
    o.onShow.call(a)
    expect(events).toEqual([
      'pageLoad pages/a/a',
      'pageShow pages/a/a',
      'pageReady pages/a/a',
      'pageHide pages/a/a',
      'pageShow pages/a/a',
      'pageUnload pages/a/a',
    ])
  })

  it('wrapping the same options twice reports once', () => {
    const { native, events } = setup()
    const options: Obj = {}
    native.monitorPage(native.monitorPage(options))
    options.onLoad.call(page('pages/a/a'))
    expect(events).toEqual(['pageLoad pages/a/a', 'pageShow pages/a/a'])
  })

  it('never throws into the app: frozen options come back unmonitored, a missing monitor is a no-op', () => {
    const { native } = setup(false)
    const frozen = Object.freeze({ onLoad: () => 1 })
    expect(native.monitorPage(frozen)).toBe(frozen)
    const o: Obj = native.monitorPage({ onLoad: () => 2 })
    expect(o.onLoad.call(page('pages/a/a'))).toBe(2)
  })
})

describe('monitorApp', () => {
  it('starts the monitor from options and reports the app lifecycle before the app runs its own', () => {
    const { native, init, events } = setup()
    const order: string[] = []
    const options = {
      globalData: { x: 1 },
      onLaunch(this: Obj, o: Obj) {
        order.push('launch ' + o.path + ' ' + (this === options))
        return 'l'
      },
      onHide() {
        order.push('hide')
      },
    }
    const opts = { service: 's', collector: 'http://127.0.0.1:1' }
    const out = native.monitorApp(options, opts) as Obj
    expect(out).toBe(options)
    expect(init).toHaveBeenCalledWith(opts)
    expect(out.onLaunch.call(out, { path: 'pages/a/a' })).toBe('l')
    out.onShow.call(out, {})
    out.onHide.call(out)
    expect(order).toEqual(['launch pages/a/a true', 'hide'])
    expect(events).toEqual(['appLaunch', 'appShow', 'appHide'])
  })

  it('adopts a monitor that was already started', () => {
    const { native, init } = setup(false)
    const other = recorder()
    const o = native.monitorApp({}, other.monitor) as Obj
    o.onLaunch()
    expect(init).not.toHaveBeenCalled()
    expect(other.events).toEqual(['appLaunch'])
  })
})

describe('monitorComponent (pages built with Component())', () => {
  it('wraps methods.on… without adding missing ones; pageLifetimes and lifetimes hooks are deduplicated', () => {
    const { native, events } = setup()
    const calls: string[] = []
    const options: Obj = {
      methods: {
        onLoad(q: Obj) {
          calls.push('onLoad ' + q.id)
          return 'loaded'
        },
        onShow() {
          calls.push('onShow')
        },
        helper() {
          return 'h'
        },
      },
      pageLifetimes: {
        show() {
          calls.push('pageLifetimes.show')
        },
      },
      ready() {
        calls.push('top-level ready')
      },
    }
    const helper = options.methods.helper
    native.monitorComponent(options)
    expect(options.methods.helper).toBe(helper)
    expect(options.methods.onReady).toBeUndefined()
    expect(options.lifetimes.ready).toBeUndefined() // the top-level ready is wrapped where it is
    const inst = page('pages/c/c')
    stack.push(inst)
    // the order WeChat (and the sim) use for a Component-built page
    expect(options.methods.onLoad.call(inst, { id: '7' })).toBe('loaded')
    options.methods.onShow.call(inst)
    options.pageLifetimes.show.call(inst)
    options.ready.call(inst)
    options.pageLifetimes.hide.call(inst)
    options.lifetimes.detached.call(inst)
    expect(calls).toEqual(['onLoad 7', 'onShow', 'pageLifetimes.show', 'top-level ready'])
    expect(events).toEqual(['pageLoad pages/c/c', 'pageShow pages/c/c', 'pageReady pages/c/c', 'pageHide pages/c/c', 'pageUnload pages/c/c'])
  })

  it('a page without on… methods is tracked from pageLifetimes and lifetimes', () => {
    const { native, events } = setup()
    const options: Obj = native.monitorComponent({ lifetimes: { ready: 'init' }, methods: { init(this: Obj) { this.inited = true } } })
    const inst: Obj = { route: 'pages/d/d', init: options.methods.init }
    stack.push(inst)
    options.pageLifetimes.show.call(inst)
    options.lifetimes.ready.call(inst)
    expect(inst.inited).toBe(true) // a lifetime given as a method name still runs that method
    options.lifetimes.detached.call(inst)
    expect(events).toEqual(['pageLoad pages/d/d', 'pageShow pages/d/d', 'pageReady pages/d/d', 'pageUnload pages/d/d'])
  })

  it('a top-level lifetime given as a method name is wrapped where it is, not shadowed', () => {
    const { native, events } = setup()
    const options: Obj = native.monitorComponent({ detached: 'cleanup', methods: { cleanup(this: Obj) { this.cleaned = true } } })
    expect(options.lifetimes.detached).toBeUndefined()
    const inst: Obj = { route: 'pages/e/e', cleanup: options.methods.cleanup }
    stack.push(inst)
    options.pageLifetimes.show.call(inst)
    options.detached.call(inst)
    expect(inst.cleaned).toBe(true)
    expect(events.at(-1)).toBe('pageUnload pages/e/e')
  })

  it('a component that is not a page reports nothing', () => {
    const { native, events } = setup()
    const options: Obj = native.monitorComponent({ properties: { a: String } })
    const child = { is: 'components/card/card' }
    stack.push(page('pages/a/a'))
    options.pageLifetimes.show.call(child)
    options.lifetimes.ready.call(child)
    options.pageLifetimes.hide.call(child)
    options.lifetimes.detached.call(child)
    expect(events).toEqual([])
  })
})

describe('routes', () => {
  it('a navigation call starts the route; the next page arrival reports it with the call time', async () => {
    const { native, events, times } = setup()
    const o: Obj = native.monitorPage({})
    const a = page('pages/a/a')
    const b = page('pages/b/b')
    o.onLoad.call(a)
    o.onReady.call(a)
    const before = Date.now()
    const wx = (globalThis as Obj).wx
    await wx.navigateTo({ url: '/pages/b/b?x=1' })
    o.onHide.call(a)
    await new Promise((r) => setTimeout(r, 5))
    o.onLoad.call(b)
    o.onShow.call(b)
    o.onReady.call(b)
    expect(times.routeStart).toBeGreaterThanOrEqual(before)
    expect(times.routeStart).toBeLessThan(times.pageReady)
    await wx.navigateBack({})
    o.onUnload.call(b)
    o.onShow.call(a)
    expect(events).toEqual([
      'pageLoad pages/a/a',
      'pageShow pages/a/a',
      'pageReady pages/a/a',
      'pageHide pages/a/a',
      'routeStart pages/b/b',
      'pageLoad pages/b/b',
      'pageShow pages/b/b',
      'pageReady pages/b/b',
      'pageUnload pages/b/b',
      'routeStart pages/a/a',
      'pageShow pages/a/a',
    ])
  })

  it('without a call (system back button, navigator, tab bar) the route starts when the previous page left', () => {
    const { native, events, times } = setup()
    const o: Obj = native.monitorPage({})
    const a = page('pages/a/a')
    const b = page('pages/b/b')
    o.onLoad.call(a)
    o.onHide.call(a)
    const left = times.pageHide
    o.onLoad.call(b)
    expect(times.routeStart).toBe(left)
    expect(events.slice(-4)).toEqual(['pageHide pages/a/a', 'routeStart pages/b/b', 'pageLoad pages/b/b', 'pageShow pages/b/b'])
  })

  it('the app going to the background and back is no route', () => {
    const { native, events } = setup()
    const app: Obj = native.monitorApp({})
    const o: Obj = native.monitorPage({})
    const a = page('pages/a/a')
    app.onLaunch()
    o.onLoad.call(a)
    o.onReady.call(a)
    o.onHide.call(a)
    app.onHide()
    app.onShow()
    o.onShow.call(a)
    expect(events).not.toContain('routeStart pages/a/a')
    expect(events.slice(-3)).toEqual(['appHide', 'appShow', 'pageShow pages/a/a'])
  })

  it('a failed navigation (callbacks) runs the app fail once, with the same arguments, and reports a missing page', async () => {
    const { native, events, errors } = setup()
    native.monitorApp({})
    const wx = (globalThis as Obj).wx
    const fail = vi.fn(function (this: unknown, res: Obj) {
      return 'handled'
    })
    const complete = vi.fn()
    const options = { url: '/pages/missing/index?from=home', fail, complete }
    expect(wx.navigateTo(options)).toBeUndefined()
    await new Promise((r) => setTimeout(r, 5))
    expect(fail).toHaveBeenCalledTimes(1)
    expect(fail.mock.calls[0][0]).toEqual({ errMsg: 'navigateTo:fail page "pages/missing/index" is not found' })
    expect(complete).toHaveBeenCalledTimes(1)
    expect(Object.keys(options)).toEqual(['url', 'fail', 'complete']) // the app's object is not changed
    expect(options.fail).toBe(fail)
    expect(errors).toEqual([['page not found: pages/missing/index', { 'exception.type': 'pageNotFound' }]])
    // the failed call does not start a route: the next arrival has none
    const o: Obj = native.monitorPage({})
    o.onLoad.call(page('pages/a/a'))
    expect(events).not.toContain('routeStart pages/a/a')
  })

  it('promise style: resolves and rejects with the platform values; an uncaught failure stays uncaught', async () => {
    const { native, errors } = setup()
    native.monitorApp({})
    const wx = (globalThis as Obj).wx
    await expect(wx.navigateTo({ url: 'pages/b/b' })).resolves.toEqual({ errMsg: 'navigateTo:ok' })
    const p = wx.redirectTo({ url: 'pages/nope/nope' })
    await expect(p).rejects.toEqual({ errMsg: 'redirectTo:fail page "pages/nope/nope" is not found' })
    expect(errors).toEqual([['page not found: pages/nope/nope', { 'exception.type': 'pageNotFound' }]])
  })

  it('navigation functions are wrapped once, keep `this`, and other failures are no page-not-found', async () => {
    const { native, errors } = setup()
    const wx = (globalThis as Obj).wx
    native.monitorApp({})
    const first = wx.navigateTo
    native.monitorPage({})
    expect(wx.navigateTo).toBe(first)
    const p = wx.switchTab({ url: 'pages/b/b', fail() {} })
    expect(p).toBeUndefined()
    expect(wx.calls.at(-1).self).toBe(wx)
    const original = wx.calls.at(-1).options
    expect(original.url).toBe('pages/b/b')
    wx.navigateBack({ fail() {} })
    await new Promise((r) => setTimeout(r, 5))
    expect(errors).toEqual([])
  })

  it('odd arguments go through untouched: no options, an options object whose getters throw', () => {
    const { native } = setup()
    const seen: unknown[][] = []
    const api: Obj = {
      navigateBack(...args: unknown[]) {
        seen.push(args)
        return 'r'
      },
    }
    ;(globalThis as Obj).wx = api
    native.monitorApp({})
    expect(api.navigateBack()).toBe('r')
    const weird = Object.defineProperty({}, 'url', {
      get() {
        throw new Error('getter')
      },
    })
    expect(api.navigateBack(weird, 'extra')).toBe('r')
    expect(seen).toEqual([[], [weird, 'extra']])
  })
})

describe('patchGlobals', () => {
  it('monitors every App/Page/Component registration and puts the originals back', () => {
    const { native, events, init } = setup()
    const registered: Obj[] = []
    const target: Obj = {
      App: (o: Obj) => registered.push(o),
      Page: (o: Obj) => registered.push(o),
      Component: (o: Obj) => registered.push(o),
    }
    const originals = { ...target }
    const undo = native.patchGlobals({ service: 's', collector: 'http://127.0.0.1:1' }, target)
    expect(init).toHaveBeenCalledTimes(1)
    expect(target.Page).not.toBe(originals.Page)
    const pageOptions = { onLoad: () => 'x' }
    target.App({})
    target.Page(pageOptions)
    target.Component({ methods: {} })
    expect(registered[1]).toBe(pageOptions)
    expect(registered[1].onLoad.call(page('pages/a/a'))).toBe('x')
    registered[0].onLaunch()
    expect(events).toEqual(['pageLoad pages/a/a', 'pageShow pages/a/a', 'appLaunch'])
    undo()
    expect(target).toEqual(originals)
  })

  it('on the global object by default, and says so when the runtime does not see the replacement', () => {
    const { native } = setup()
    const g = globalThis as Obj
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      g.Page = (o: Obj) => o
      const undo = native.patchGlobals()
      expect(g.Page.__minimon).toBe(1)
      expect(warn).not.toHaveBeenCalled()
      undo()
      expect(g.Page.__minimon).toBeUndefined()
    } finally {
      delete g.Page
      warn.mockRestore()
    }
  })
})
