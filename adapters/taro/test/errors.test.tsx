// Errors under Taro's real runtime: each reported once, from the source that sees it first (React
// boundaries for render errors, the platform's wx.onError / onUnhandledRejection / onPageNotFound for the
// rest), with the page it happened on.
import { afterEach, beforeEach, expect, it } from 'vitest'
import { Component, useState, type ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { init, shutdown } from '@minimon/core'
import { startCollector, type Collector } from '@minimon/collector'
import { MonitorErrorBoundary, MonitorProvider } from '../src'
import { boot, current, prepare, recording, tapText, text } from './harness'

let c: Collector
beforeEach(async () => {
  c = await startCollector()
})
afterEach(async () => {
  await shutdown()
  current.sim?.kill()
  await c.close()
})

const options = () => ({ service: 'taro-test', collector: c.url, flushInterval: 100 })
const errors = () => c.logs.filter((l) => l.attributes['exception.type'])

function Bomb(): ReactNode {
  throw new TypeError('render exploded')
}

let appErrors: unknown[] = []
function App({ children, ...props }: any) {
  // What Taro's App.onError hands on (its page wrapper's render errors and every platform error).
  Taro.useError((e: unknown) => appErrors.push(e))
  return (
    <MonitorProvider options={options()} fallback={<Text>sorry</Text>} {...props}>
      {children}
    </MonitorProvider>
  )
}
beforeEach(() => {
  appErrors = []
})

it('reports a render error in a page once, with the component stack, and shows the fallback in the page', async () => {
  function Broken() {
    return (
      <View>
        <Text>title</Text>
        <Bomb />
      </View>
    )
  }
  const sim = await boot(App, { 'pages/broken/index': Broken })
  expect(text(sim)).toBe('sorry')
  await c.waitFor(() => errors().length > 0)
  await sim.idle(300)
  expect(errors()).toHaveLength(1)
  const a = errors()[0].attributes
  expect(a['exception.type']).toBe('js')
  expect(a['exception.source']).toBe('react')
  expect(errors()[0].body).toBe('TypeError: render exploded')
  expect(a['miniprogram.page.path']).toBe('pages/broken/index')
  expect(a['exception.stacktrace']).toContain('React component stack:')
  expect(a['exception.stacktrace']).toMatch(/at Bomb/)
  expect(a['exception.stacktrace']).toMatch(/at Broken/)
  // Taro's page wrapper never saw it (it would have blanked the page and called App.onError).
  expect(appErrors).toEqual([])
  expect(sim.errors).toEqual([])
})

it('catches render errors of the app itself in the root boundary, and can leave that to the app', async () => {
  function Header() {
    return <Bomb />
  }
  function WithHeader({ children }: any) {
    return (
      <App>
        <Header />
        {children}
      </App>
    )
  }
  const Home = () => <Text>home</Text>
  const sim = await boot(WithHeader, { 'pages/index/index': Home })
  await c.waitFor(() => errors().length > 0)
  expect(errors()[0].attributes['exception.source']).toBe('react')
  expect(errors()[0].attributes['exception.stacktrace']).toMatch(/at Header/)
  sim.kill()
  await shutdown()

  // errorBoundary={false}: the app's own boundary gets it, the adapter reports nothing.
  c.reset()
  class Own extends Component<{ children?: ReactNode }, { failed: boolean }> {
    override state = { failed: false }
    static getDerivedStateFromError() {
      return { failed: true }
    }
    override render() {
      return this.state.failed ? null : this.props.children
    }
  }
  function OptOut({ children }: any) {
    return (
      <Own>
        <App errorBoundary={false}>
          <Header />
          {children}
        </App>
      </Own>
    )
  }
  const again = await boot(OptOut, { 'pages/index/index': Home })
  await again.idle(300)
  expect(errors()).toEqual([])
})

it('offers a reset to a function fallback, and takes extra attributes', async () => {
  let armed = true
  function Flaky() {
    if (armed) throw new Error('flaky')
    return <Text>recovered</Text>
  }
  function Page() {
    return (
      <MonitorErrorBoundary
        attributes={{ 'app.widget': 'flaky' }}
        fallback={(error, reset) => (
          <View
            onClick={() => {
              armed = false
              reset()
            }}
          >
            <Text>{(error as Error).message} - retry</Text>
          </View>
        )}
      >
        <Flaky />
      </MonitorErrorBoundary>
    )
  }
  const sim = await boot(App, { 'pages/index/index': Page })
  expect(text(sim)).toBe('flaky - retry')
  await tapText(sim, 'flaky - retry')
  expect(text(sim)).toBe('recovered')
  await c.waitFor(() => errors().length > 0)
  expect(errors()[0].attributes['app.widget']).toBe('flaky')
  expect(errors()[0].attributes['exception.source']).toBe('react')
})

it('leaves errors of handlers and promises to the platform hooks: each reported once', async () => {
  function Buttons() {
    const [n, setN] = useState(0)
    return (
      <View>
        <View
          onClick={() => {
            throw new Error('handler failed')
          }}
        >
          <Text>throw</Text>
        </View>
        <View
          onClick={() => {
            setN(n + 1)
            void Promise.reject(new Error('promise failed'))
          }}
        >
          <Text>reject</Text>
        </View>
      </View>
    )
  }
  const sim = await boot(App, { 'pages/errors/index': Buttons })
  await tapText(sim, 'throw')
  await tapText(sim, 'reject')
  await c.waitFor(() => errors().length >= 2)
  await sim.idle(300)
  const got = errors().map((l) => [l.attributes['exception.type'], l.body, l.attributes['miniprogram.page.path']])
  expect(got).toEqual([
    ['js', 'Error: handler failed', 'pages/errors/index'],
    ['promise', 'Error: promise failed', 'pages/errors/index'],
  ])
  // Taro's App.onError saw the handler error too: the adapter did not report it a second time.
  expect(appErrors.some((e) => String(e).includes('handler failed'))).toBe(true)
})

it('leaves a missing page to wx.onPageNotFound on mini programs', async () => {
  // Started in a module of its own (before App()), the monitor sees even a missing entry page.
  const sim = prepare()
  const monitor = init(options())
  const Home = () => <Text>home</Text>
  await boot((props: any) => <App monitor={monitor} {...props} />, { 'pages/index/index': Home }, { path: 'pages/missing/index', sim })
  await c.waitFor(() => errors().length > 0)
  await current.sim!.idle(300)
  expect(errors().map((l) => [l.attributes['exception.type'], l.attributes['miniprogram.page.path']])).toEqual([['pageNotFound', 'pages/missing/index']])
})

it('reports a navigation to a missing page on mini programs, where the platform only fails it', async () => {
  const Home = () => <Text>home</Text>
  const sim = await boot(App, { 'pages/index/index': Home })
  const failed: unknown[] = []
  await expect(Taro.navigateTo({ url: '/pages/missing/index?id=1', fail: (r: unknown) => failed.push(r) })).rejects.toBeTruthy()
  expect(failed).toHaveLength(1)
  await c.waitFor(() => errors().length > 0)
  await sim.idle(300)
  expect(errors().map((l) => [l.attributes['exception.type'], l.body, l.attributes['miniprogram.page.path']])).toEqual([
    ['pageNotFound', 'page not found: /pages/missing/index?id=1', 'pages/index/index'],
  ])
})

it('on H5 takes route starts from Taro router events and missing pages from Taro, not from wrapped APIs', async () => {
  const sim = prepare()
  const real = init(options())
  // The same provider on a monitor whose host is the browser (what core's web host reports).
  const m = recording(Object.assign({}, real, { platform: 'web' as const }))
  const captured: unknown[][] = []
  m.captureError = (...args: any[]) => {
    captured.push(args)
  }
  const navigateTo = Taro.navigateTo
  function WebApp({ children }: any) {
    return <MonitorProvider monitor={m as any}>{children}</MonitorProvider>
  }
  const Home = () => <Text>home</Text>
  await boot(WebApp, { 'pages/index/index': Home }, { sim })
  expect(Taro.navigateTo).toBe(navigateTo)
  m.calls.length = 0
  Taro.eventCenter.trigger('__taroRouterChange', { toLocation: { path: '/pages/other/index' } })
  expect(m.calls).toEqual(['routeStart'])
  // Taro's H5 router calls the app's onPageNotFound for an unknown path.
  ;(Taro.getCurrentInstance().app as any).onPageNotFound({ path: '/pages/missing/index', query: {}, isEntryPage: false })
  await sim.idle(10)
  expect(captured).toEqual([['page not found: /pages/missing/index', { 'exception.type': 'pageNotFound' }]])
})
