// Page and route tracing through Taro's own page hooks, under Taro's real runtime on a simulated WeChat
// without wx.getPerformance (so first render, launch and route durations come from these lifecycle reports,
// as on Alipay).
import { afterEach, beforeEach, expect, it } from 'vitest'
import { StrictMode, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { init, shutdown, type Monitor } from '@minimon/core'
import { startCollector, type Collector } from '@minimon/collector'
import { MonitorProvider, normalizePath, useMonitor, usePageMonitor } from '../src'
import { boot, current, prepare, recording, text } from './harness'

let c: Collector
beforeEach(async () => {
  c = await startCollector()
})
afterEach(async () => {
  await shutdown()
  current.sim?.kill()
  await c.close()
})

const options = () => ({ service: 'taro-test', serviceVersion: '1.0.0', collector: c.url, flushInterval: 100 })

function Index() {
  return (
    <View>
      <Text>home</Text>
    </View>
  )
}
function Other() {
  const params = Taro.useRouter().params
  return (
    <View>
      <Text>other {params.id}</Text>
    </View>
  )
}
const pages = { 'pages/index/index': Index, 'pages/other/index': Other }

it('traces launch, every page and every navigation with Taro page paths', async () => {
  const sim = prepare({ performance: false })
  const m = recording(init(options()))
  const times: Record<string, number> = {}
  const record = m.lifecycle
  m.lifecycle = (event: any, route?: string, time?: number) => {
    if (time) times[event + ' ' + route] = time
    record(event, route, time)
  }
  function App({ children }: any) {
    return <MonitorProvider monitor={m}>{children}</MonitorProvider>
  }
  await boot(App, pages, { sim })
  expect(text(sim)).toBe('home')
  expect(m.calls).toEqual(['appLaunch', 'pageLoad pages/index/index', 'pageShow pages/index/index', 'pageReady pages/index/index'])
  // The load is reported at the moment Taro stamped the page's onLoad, not when React got to it.
  expect(times['pageLoad pages/index/index']).toBe(+(sim.currentPage() as any).$taroParams.$taroTimestamp)

  m.calls.length = 0
  await Taro.navigateTo({ url: '/pages/other/index?id=7' })
  await sim.idle(20)
  expect(text(sim)).toBe('other 7')
  expect(m.calls).toEqual(['routeStart', 'pageHide pages/index/index', 'pageLoad pages/other/index', 'pageShow pages/other/index', 'pageReady pages/other/index'])

  m.calls.length = 0
  await Taro.navigateBack()
  await sim.idle(20)
  expect(m.calls).toEqual(['routeStart', 'pageUnload pages/other/index', 'pageShow pages/index/index'])
  expect(m.currentPage()).toBe('pages/index/index')

  m.calls.length = 0
  await sim.hide()
  expect(m.calls).toEqual(['pageHide pages/index/index'])

  const at = (name: string) => c.metrics.filter((x) => x.name === name).map((x) => x.attributes['miniprogram.page.path'])
  const expected = { app_launch: 1, first_render: 2, route: 2, page_stay: 3 }
  await c.waitFor(() => Object.entries(expected).every(([n, count]) => at(`miniprogram.${n}.duration`).length >= count))
  expect(at('miniprogram.app_launch.duration')).toEqual(['pages/index/index'])
  expect(at('miniprogram.first_render.duration').sort()).toEqual(['pages/index/index', 'pages/other/index'])
  // navigateTo: start → the new page ready; navigateBack: start → the page below shown again.
  expect(at('miniprogram.route.duration')).toEqual(['pages/other/index', 'pages/index/index'])
  expect(at('miniprogram.page_stay.duration').sort()).toEqual(['pages/index/index', 'pages/index/index', 'pages/other/index'])
  expect(c.metrics.every((x) => x.valueType === 'int' && x.value! >= 0)).toBe(true)
  expect(c.batches.every((b) => b.check.ok)).toBe(true)
})

it('starts a route at the page load when the navigation did not go through Taro', async () => {
  const sim = prepare({ performance: false })
  const m = recording(init(options()))
  function App({ children }: any) {
    return <MonitorProvider monitor={m}>{children}</MonitorProvider>
  }
  await boot(App, pages, { sim })
  m.calls.length = 0
  // A native <navigator> or a direct wx call: Taro.navigateTo never ran.
  await sim.navigateTo('/pages/other/index?id=1')
  await sim.idle(20)
  expect(m.calls).toEqual(['pageHide pages/index/index', 'routeStart pages/other/index', 'pageLoad pages/other/index', 'pageShow pages/other/index', 'pageReady pages/other/index'])
  await sim.navigateBack()
  await sim.idle(20)
  // A back navigation nobody saw start has no start to measure from.
  expect(m.calls.slice(5)).toEqual(['pageUnload pages/other/index', 'pageShow pages/index/index'])
})

it('tags every signal with the page shown when it happened', async () => {
  function App({ children }: any) {
    return <MonitorProvider options={options()}>{children}</MonitorProvider>
  }
  function Failing() {
    const m = useMonitor()!
    Taro.useReady(() => m.captureError(new Error('reported from other')))
    return <View />
  }
  const sim = await boot(App, { ...pages, 'pages/other/index': Failing })
  await Taro.redirectTo({ url: '/pages/other/index?x=1#top' })
  await sim.idle(20)
  await c.waitFor((c) => c.logs.length > 0)
  expect(c.logs[0].attributes['miniprogram.page.path']).toBe('pages/other/index')
  expect(c.logs[0].body).toBe('Error: reported from other')
})

it('starts the monitor once under StrictMode and re-renders, and gives every component the same one', async () => {
  const seen = new Set<Monitor | undefined>()
  let rerender: () => void = () => {}
  function App({ children }: any) {
    const [, set] = useState(0)
    rerender = () => set((n) => n + 1)
    return (
      <StrictMode>
        <MonitorProvider options={options()}>{children}</MonitorProvider>
      </StrictMode>
    )
  }
  function Home() {
    seen.add(useMonitor())
    return <View />
  }
  const sim = await boot(App, { 'pages/index/index': Home })
  rerender()
  await sim.idle(20)
  expect(seen.size).toBe(1)
  const monitor = [...seen][0]!
  expect(monitor.enabled).toBe(true)
  expect(monitor.platform).toBe('wechat')
  // Navigation wrappers are installed once even though StrictMode runs effects twice.
  const shown: string[] = []
  const lifecycle = monitor.lifecycle
  monitor.lifecycle = (e, r, t) => {
    shown.push(e)
    lifecycle(e, r, t)
  }
  await Taro.reLaunch({ url: '/pages/index/index' })
  await sim.idle(20)
  expect(shown.filter((e) => e === 'routeStart')).toHaveLength(1)
})

it('uses a monitor made elsewhere', async () => {
  const sim = prepare()
  const made = init(options())
  let got: Monitor | undefined
  function App({ children }: any) {
    return <MonitorProvider monitor={made}>{children}</MonitorProvider>
  }
  function Home() {
    got = useMonitor()
    return <View />
  }
  await boot(App, { 'pages/index/index': Home }, { sim })
  expect(got).toBe(made)
})

it('traces pages by hand with pages={false} and never twice', async () => {
  let sim = prepare()
  const m = recording(init(options()))
  function Manual() {
    usePageMonitor()
    return <View />
  }
  function Auto() {
    usePageMonitor() // already traced by the provider: does nothing
    return <View />
  }
  function Hands({ children }: any) {
    return (
      <MonitorProvider monitor={m} pages={false}>
        {children}
      </MonitorProvider>
    )
  }
  await boot(Hands, { 'pages/index/index': Manual }, { sim })
  expect(m.calls).toEqual(['appLaunch', 'pageLoad pages/index/index', 'pageShow pages/index/index', 'pageReady pages/index/index'])
  await shutdown()
  current.sim?.kill()

  sim = prepare()
  const m2 = recording(init(options()))
  function App({ children }: any) {
    return <MonitorProvider monitor={m2}>{children}</MonitorProvider>
  }
  await boot(App, { 'pages/index/index': Auto }, { sim })
  expect(m2.calls).toEqual(['appLaunch', 'pageLoad pages/index/index', 'pageShow pages/index/index', 'pageReady pages/index/index'])
})

it('normalises page paths', () => {
  expect(normalizePath('/pages/index/index?stamp=3')).toBe('pages/index/index')
  expect(normalizePath('pages/a/b#x')).toBe('pages/a/b')
  expect(normalizePath('//pages/a/b?x=1&y=2')).toBe('pages/a/b')
  expect(normalizePath(undefined)).toBe('')
})
