import { afterEach, describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../src/index'

const sims: Sim[] = []
afterEach(() => {
  for (const s of sims.splice(0)) s.kill()
})

/** An app whose every lifecycle hook appends "<who>.<hook>" to `log`. */
function loggingApp(log: string[], routes: string[], tabBar: string[] = []) {
  const hooks = ['onLoad', 'onShow', 'onReady', 'onHide', 'onUnload']
  const page = (name: string) =>
    Object.fromEntries(hooks.map((h) => [h, (arg?: unknown) => log.push(h === 'onLoad' ? `${name}.${h}(${JSON.stringify(arg)})` : `${name}.${h}`)]))
  return {
    app: Object.fromEntries(['onLaunch', 'onShow', 'onHide'].map((h) => [h, () => log.push(`app.${h}`)])),
    pages: Object.fromEntries(routes.map((r) => [r, page(r.split('/')[1])])),
    tabBar,
  }
}

async function launched(platform: 'wechat' | 'alipay', log: string[], routes: string[], tabBar: string[] = []) {
  const s = createSim({ platform, renderMs: 2 })
  sims.push(s)
  await s.launch({ app: loggingApp(log, routes, tabBar), query: { from: 'test' } })
  return s
}

describe('launch', () => {
  it('runs app onLaunch -> app onShow -> page onLoad(query) -> onShow -> onReady', async () => {
    const log: string[] = []
    const s = await launched('wechat', log, ['pages/a/a', 'pages/b/b'])
    expect(log).toEqual(['app.onLaunch', 'app.onShow', 'a.onLoad({"from":"test"})', 'a.onShow', 'a.onReady'])
    const page = s.currentPage()!
    expect(page.route).toBe('pages/a/a')
    expect(page.options).toEqual({ from: 'test' })
    expect(s.globals.getCurrentPages()).toEqual([page])
  })

  it('passes launch options to onLaunch/onShow and onAppShow listeners', async () => {
    const s = createSim({ platform: 'wechat' })
    sims.push(s)
    const got: any[] = []
    s.api.onAppShow((o: any) => got.push(o))
    await s.launch({ app: { app: { onLaunch: (o: any) => got.push(o) }, pages: { 'pages/x/x': {} } }, path: 'pages/x/x?id=7', scene: 1011 })
    expect(got[0]).toMatchObject({ path: 'pages/x/x', query: { id: '7' }, scene: 1011, referrerInfo: {} })
    expect(got[1]).toEqual(got[0])
    expect(s.api.getLaunchOptionsSync().path).toBe('pages/x/x')
  })
})

describe('navigation lifecycle order', () => {
  it('navigateTo hides the old page and opens the new one; navigateBack unloads and shows', async () => {
    const log: string[] = []
    const s = await launched('wechat', log, ['pages/a/a', 'pages/b/b', 'pages/c/c'])
    log.length = 0
    await s.navigateTo('/pages/b/b?x=1')
    expect(log).toEqual(['a.onHide', 'b.onLoad({"x":"1"})', 'b.onShow', 'b.onReady'])
    await s.navigateTo('../c/c')
    expect(s.pages().map((p) => p.route)).toEqual(['pages/a/a', 'pages/b/b', 'pages/c/c'])
    log.length = 0
    await s.navigateBack(2)
    expect(log).toEqual(['c.onUnload', 'b.onUnload', 'a.onShow'])
    expect(s.currentPage()!.route).toBe('pages/a/a')
    await expect(s.navigateBack()).rejects.toEqual({ errMsg: 'navigateBack:fail cannot navigate back at first page.' })
  })

  it('redirectTo unloads the old page', async () => {
    const log: string[] = []
    const s = await launched('wechat', log, ['pages/a/a', 'pages/b/b'])
    log.length = 0
    await expect(s.redirectTo('/pages/b/b')).resolves.toEqual({ errMsg: 'redirectTo:ok' })
    expect(log).toEqual(['a.onUnload', 'b.onLoad({})', 'b.onShow', 'b.onReady'])
    expect(s.pages()).toHaveLength(1)
  })

  it('reLaunch unloads every page, top first', async () => {
    const log: string[] = []
    const s = await launched('wechat', log, ['pages/a/a', 'pages/b/b', 'pages/c/c'])
    await s.navigateTo('/pages/b/b')
    log.length = 0
    await s.reLaunch('/pages/c/c?k=v')
    expect(log).toEqual(['b.onUnload', 'a.onUnload', 'c.onLoad({"k":"v"})', 'c.onShow', 'c.onReady'])
    expect(s.pages().map((p) => p.route)).toEqual(['pages/c/c'])
  })

  it('switchTab unloads non-tab pages, hides the current tab and keeps tab pages alive', async () => {
    const log: string[] = []
    const s = await launched('wechat', log, ['pages/a/a', 'pages/b/b', 'pages/d/d'], ['pages/a/a', 'pages/b/b'])
    await s.navigateTo('/pages/d/d')
    log.length = 0
    await s.switchTab('/pages/b/b')
    expect(log).toEqual(['d.onUnload', 'a.onHide', 'b.onLoad({})', 'b.onShow', 'b.onReady'])
    log.length = 0
    await s.switchTab('/pages/a/a')
    expect(log).toEqual(['b.onHide', 'a.onShow'])
    expect(s.pages().map((p) => p.route)).toEqual(['pages/a/a'])
  })

  it('refuses what the platform refuses', async () => {
    const log: string[] = []
    const s = await launched('wechat', log, ['pages/a/a', 'pages/b/b'], ['pages/a/a'])
    await expect(s.navigateTo('/pages/a/a')).rejects.toEqual({ errMsg: 'navigateTo:fail can not navigateTo a tabbar page' })
    await expect(s.switchTab('/pages/b/b')).rejects.toEqual({ errMsg: 'switchTab:fail can not switch to no-tabBar page' })
    await expect(s.navigateTo('/pages/none/none')).rejects.toEqual({ errMsg: 'navigateTo:fail page "pages/none/none" is not found' })
  })

  it('limits the page stack to 10', async () => {
    const s = createSim({ platform: 'wechat', renderMs: 0 })
    sims.push(s)
    await s.launch({ app: { pages: { 'pages/a/a': {} } } })
    for (let i = 0; i < 9; i++) await s.navigateTo('/pages/a/a')
    await expect(s.navigateTo('/pages/a/a')).rejects.toEqual({ errMsg: 'navigateTo:fail webview count limit exceed' })
  })

  it('calls success/fail/complete on the API with callbacks', async () => {
    const log: string[] = []
    const s = await launched('wechat', log, ['pages/a/a', 'pages/b/b'])
    const res = await new Promise<any>((resolve) => s.api.navigateTo({ url: '/pages/b/b', success: resolve }))
    expect(res.errMsg).toBe('navigateTo:ok')
    const fail = await new Promise<any>((resolve) => s.api.navigateTo({ url: 'nope', fail: resolve }))
    expect(fail.errMsg).toBe('navigateTo:fail page "pages/b/nope" is not found')
  })

  it('Alipay reports navigation failures as { error, errorMessage }', async () => {
    const log: string[] = []
    const s = await launched('alipay', log, ['pages/a/a'])
    const fail = await new Promise<any>((resolve) => s.api.navigateTo({ url: '/pages/zz/zz', fail: resolve }))
    expect(fail).toEqual({ error: expect.any(Number), errorMessage: expect.stringContaining('is not found') })
  })
})

describe('app hide/show', () => {
  it('runs page onHide -> app onHide -> onAppHide, and app onShow -> onAppShow -> page onShow', async () => {
    const log: string[] = []
    const s = await launched('wechat', log, ['pages/a/a'])
    s.api.onAppHide(() => log.push('onAppHide'))
    s.api.onAppShow(() => log.push('onAppShow'))
    log.length = 0
    await s.hide()
    await s.show()
    expect(log).toEqual(['a.onHide', 'app.onHide', 'onAppHide', 'app.onShow', 'onAppShow', 'a.onShow'])
  })
})

describe('onPageNotFound', () => {
  it('fires App.onPageNotFound and listeners for a missing entry page, which can redirect', async () => {
    for (const platform of ['wechat', 'alipay'] as const) {
      const s = createSim({ platform })
      sims.push(s)
      const got: any[] = []
      s.api.onPageNotFound((r: any) => got.push(r))
      await s.launch({
        app: {
          app: {
            onPageNotFound(r: any) {
              got.push(r)
              s.api.redirectTo({ url: '/pages/home/home' })
            },
          },
          pages: { 'pages/home/home': {} },
        },
        path: 'pages/gone/gone?a=1',
      })
      expect(got).toEqual([
        { path: 'pages/gone/gone', query: { a: '1' }, isEntryPage: true },
        { path: 'pages/gone/gone', query: { a: '1' }, isEntryPage: true },
      ])
      expect(s.currentPage()!.route).toBe('pages/home/home')
    }
  })

  it('does not fire for navigateTo to a missing page (that call just fails)', async () => {
    const s = createSim({ platform: 'wechat' })
    sims.push(s)
    let fired = 0
    s.api.onPageNotFound(() => fired++)
    await s.launch({ app: { pages: { 'pages/home/home': {} } } })
    await s.navigateTo('/pages/missing/missing').catch(() => {})
    expect(fired).toBe(0)
  })
})

describe('pages', () => {
  it('setData supports path keys and calls back after render', async () => {
    const s = createSim({ platform: 'wechat' })
    sims.push(s)
    await s.launch({ app: { pages: { 'pages/a/a': { data: { a: { b: [{ c: 1 }, { c: 2 }] } } } } } })
    const page = s.currentPage()!
    const done = new Promise<void>((resolve) => page.setData({ 'a.b[1].c': 5, 'x.y[2]': 'new', top: true }, resolve))
    expect(page.data.a.b[1].c).toBe(5)
    expect(page.data.x).toEqual({ y: [undefined, undefined, 'new'] })
    expect(page.data.top).toBe(true)
    await done
  })

  it('gives each page instance its own copy of data', async () => {
    const s = createSim({ platform: 'wechat', renderMs: 0 })
    sims.push(s)
    const options = { data: { list: [] as number[] }, add(this: any) { this.data.list.push(1) } }
    await s.launch({ app: { pages: { 'pages/a/a': options } } })
    await s.tap('add')
    await s.navigateTo('/pages/a/a')
    expect(s.currentPage()!.data.list).toEqual([])
    expect(options.data.list).toEqual([])
  })

  it('runs a Component() used as a page, with behaviors, lifetimes, pageLifetimes and query properties', async () => {
    const log: string[] = []
    const s = createSim({ platform: 'wechat' })
    sims.push(s)
    const behavior = s.globals.Behavior({
      data: { fromBehavior: true },
      lifetimes: { attached: () => log.push('behavior.attached') },
      methods: { hello: () => 'hi' },
    })
    s.globals.Component({
      route: 'pages/comp/comp',
      behaviors: [behavior],
      properties: { id: Number, name: { type: String, value: 'anon' } },
      data: { own: 1 },
      lifetimes: {
        created: () => log.push('created'),
        attached: () => log.push('attached'),
        ready: () => log.push('ready'),
        detached: () => log.push('detached'),
      },
      pageLifetimes: { show: () => log.push('pageLifetimes.show'), hide: () => log.push('pageLifetimes.hide') },
      methods: {
        onLoad: (q: unknown) => log.push(`onLoad ${JSON.stringify(q)}`),
        onShow: () => log.push('onShow'),
        onReady: () => log.push('onReady'),
        onUnload: () => log.push('onUnload'),
      },
    })
    s.registerPage('pages/other/other', {})
    await s.launch({ path: 'pages/comp/comp', query: { id: '42' } })
    expect(log).toEqual(['created', 'behavior.attached', 'attached', 'onLoad {"id":"42"}', 'onShow', 'pageLifetimes.show', 'ready', 'onReady'])
    const page = s.currentPage()!
    expect(page.data).toEqual({ id: 42, name: 'anon', fromBehavior: true, own: 1 })
    expect(page.properties).toBe(page.data)
    expect(page.hello()).toBe('hi')
    log.length = 0
    await s.reLaunch('/pages/other/other')
    expect(log).toEqual(['onUnload', 'detached'])
  })

  it('drives pages registered by test code with App() and Page({ route })', async () => {
    const s = createSim({ platform: 'alipay' })
    sims.push(s)
    const log: string[] = []
    s.globals.App({ onLaunch: () => log.push('launch'), globalData: { user: 'u' } })
    s.globals.Page({ route: '/pages/p/p', onLoad: () => log.push('load') })
    await s.launch()
    expect(log).toEqual(['launch', 'load'])
    expect(s.globals.getApp().globalData.user).toBe('u')
    expect(s.currentPage()!.route).toBe('pages/p/p')
  })
})
