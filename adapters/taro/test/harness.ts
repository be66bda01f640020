// Boots a Taro React app the way Taro's weapp build does (App(createReactApp(...)),
// Page(createPageConfig(...))) inside a @minimon/sim WeChat runtime.
import * as React from 'react'
import type { ComponentType } from 'react'
import TaroReact from '@tarojs/react'
import { createReactApp } from '@tarojs/plugin-framework-react/dist/runtime'
import { createPageConfig } from '@tarojs/runtime'
import { createSim, type Sim, type SimOptions } from '@minimon/sim'
import { current } from './current'

export { current }

let apps = 0

/**
 * A new sim, installed as the globals (so a monitor made after this call finds its `wx`). Pass it to
 * `boot`, or let `boot` make one.
 */
export function prepare(options: Omit<SimOptions, 'platform'> = {}): Sim {
  const sim = createSim({ ...options, platform: 'wechat' })
  current.sim = sim
  sim.install()
  return sim
}

export async function boot(
  App: ComponentType<any>,
  pages: Record<string, ComponentType<any>>,
  options: { path?: string; sim?: Sim } = {},
): Promise<Sim> {
  const sim = options.sim || prepare()
  // A container of its own per app, as every test starts a new app in the same Taro runtime.
  const config = { pages: Object.keys(pages), appId: 'app' + ++apps }
  const app = createReactApp(App, React, TaroReact, config)
  const configs: Record<string, any> = {}
  for (const [route, Page] of Object.entries(pages)) configs[route] = createPageConfig(Page as any, route, { root: { cn: [] } }, {})
  await sim.launch({ app: { app, pages: configs }, path: options.path })
  await sim.idle(20)
  return sim
}

/** Text of the page's rendered tree (what setData sent), for assertions on what a user would see. */
export function text(sim: Sim): string {
  const data = sim.currentPage()?.data as any
  const out: string[] = []
  const walk = (n: any) => {
    if (!n || typeof n !== 'object') return
    if (typeof n.v === 'string') out.push(n.v)
    for (const c of n.cn || []) walk(c)
  }
  walk(data && data.root)
  return out.join('')
}

/** A monitor that records every lifecycle report (event and route) before passing it on. */
export function recording<M extends { lifecycle: (...a: any[]) => void }>(m: M): M & { calls: string[] } {
  const calls: string[] = []
  return Object.assign({}, m, {
    calls,
    lifecycle(event: string, route?: string, time?: number) {
      calls.push(route ? event + ' ' + route : event)
      m.lifecycle(event, route, time)
    },
  })
}

/** Taps the element whose text is `label` the way WeChat does: the page's `eh` method with the node's sid. */
export async function tapText(sim: Sim, label: string): Promise<void> {
  const data = sim.currentPage()?.data as any
  let sid = ''
  const textOf = (n: any): string => (typeof n.v === 'string' ? n.v : (n.cn || []).map(textOf).join(''))
  // The outermost element showing exactly that text: the one a handler is bound to, as in the demo pages.
  const find = (n: any) => {
    if (!n || typeof n !== 'object' || sid) return
    if (n.sid && typeof n.v !== 'string' && textOf(n) === label) sid = n.sid
    else for (const c of n.cn || []) find(c)
  }
  find(data && data.root)
  if (!sid) throw new Error(`tapText: no element with the text "${label}" in ${JSON.stringify(data)}`)
  const target = { id: sid, dataset: { sid } }
  await sim.tap('eh', { x: 0, y: 0 }, { currentTarget: target, target })
  await sim.idle(10)
}
