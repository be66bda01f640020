// What the demo runner (@minimon/demo) and the journey test need to run this app in the simulator:
// how to build it, the user journey to play, and the signals that journey must produce.
// Other playgrounds can ship a file like this one (see playground/demo/README.md).
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildPlayground } from './scripts/build.mjs'

export { startApiServer } from '../test-support/api-server.mjs'

const here = fileURLToPath(new URL('.', import.meta.url))

export const name = 'native'
export const title = 'native mini program (@minimon/native)'

/**
 * Builds the app and returns one target per platform.
 * @param {{ out?: string }} [options]
 * @returns {Promise<{ platform: 'wechat' | 'alipay', dir: string }[]>}
 */
export async function prepare(options = {}) {
  const dirs = await buildPlayground({ out: options.out || join(here, 'dist') })
  return Object.entries(dirs).map(([platform, dir]) => ({ platform, dir }))
}

/**
 * @typedef {object} JourneyApp
 * @property {import('@minimon/sim').Sim} sim the running app instance (a new one after coldStart)
 * @property {(params?: { path?: string }) => Promise<void>} coldStart hides and ends this instance (after it
 *   delivered), then launches a fresh one with the same storage, at `path` when given
 * @property {(text: string) => void} step tells what the user does next
 * @property {(ms: number) => Promise<void>} pause
 */

/**
 * The scripted user journey, from the launched home page.
 * @param {JourneyApp} app
 */
export async function journey(app) {
  app.step('opens the product list: 4 requests, one answers 500, one cannot connect')
  await app.sim.tap('#list')
  await app.sim.idle()
  await app.sim.navigateBack()
  await app.sim.idle()

  app.step('opens the error page, taps "Checkout" (throws) and "Apply coupon" (rejects a promise)')
  await app.sim.tap('#errors')
  await app.sim.idle()
  await app.sim.tap('#throw')
  await app.sim.tap('#reject')
  await app.pause(20)
  await app.sim.navigateBack()
  await app.sim.idle()

  app.step('opens product 42, a page built with Component()')
  await app.sim.tap('#detail')
  await app.sim.idle()
  await app.sim.navigateBack()
  await app.sim.idle()

  app.step('taps an old link to a removed page')
  await app.sim.tap('#missing')
  await app.sim.idle()

  app.step('switches to another app and back')
  await app.sim.hide()
  await app.sim.idle()
  await app.pause(200)
  await app.sim.show()
  await app.sim.idle()

  app.step('opens a stale share card: a cold start on a removed page')
  await app.coldStart({ path: 'pages/missing/index' })
}

/**
 * What one journey must deliver, per platform. `page` is the miniprogram.page.path the signal carries.
 * @type {{ kind: 'gauge' | 'histogram' | 'error' | 'segment', name?: string, type?: string, page?: string }[]}
 */
export const expects = [
  { kind: 'gauge', name: 'miniprogram.app_launch.duration', page: 'pages/index/index' },
  { kind: 'gauge', name: 'miniprogram.first_render.duration', page: 'pages/index/index' },
  { kind: 'gauge', name: 'miniprogram.first_render.duration', page: 'pages/list/index' },
  { kind: 'gauge', name: 'miniprogram.first_render.duration', page: 'pages/detail/index' },
  { kind: 'gauge', name: 'miniprogram.route.duration', page: 'pages/list/index' },
  { kind: 'histogram', name: 'miniprogram.request.duration', page: 'pages/list/index' },
  { kind: 'histogram', name: 'miniprogram.request.duration', page: 'pages/detail/index' },
  { kind: 'error', type: 'js', page: 'pages/error/index' },
  { kind: 'error', type: 'promise', page: 'pages/error/index' },
  { kind: 'error', type: 'ajax', page: 'pages/list/index' },
  { kind: 'error', type: 'pageNotFound', page: 'pages/index/index' },
  { kind: 'error', type: 'pageNotFound', page: 'pages/missing/index' },
  { kind: 'segment', page: 'pages/list/index' },
]
