// The Taro playground in the demo runner (@minimon/demo): one build per platform with a placeholder collector
// URL (cached between runs), copied for the collector the demo started, then the scripted journey.
import { join } from 'node:path'
import { TEST_OUT, TEST_PLACEHOLDER, copyWithCollector, ensureBuilt } from './scripts/build.mjs'
import { alipayNavigator, runJourney } from './scripts/journey.mjs'

export const name = 'taro'
export const title = 'Taro 4 React app (@minimon/taro)'

/** @param {{ out: string, collector: string }} options */
export async function prepare({ out, collector }) {
  const dirs = await ensureBuilt(['weapp', 'alipay'], { collector: TEST_PLACEHOLDER, out: TEST_OUT })
  return [
    { platform: 'wechat', dir: copyWithCollector(dirs.weapp, join(out, 'weapp'), TEST_PLACEHOLDER, collector) },
    { platform: 'alipay', dir: copyWithCollector(dirs.alipay, join(out, 'alipay'), TEST_PLACEHOLDER, collector) },
  ]
}

/** Alipay's JS engine has a `navigator`, which Taro's Alipay runtime reads at start; the simulator has none. */
export function beforeLaunch(sim) {
  return sim.platform === 'alipay' ? alipayNavigator() : undefined
}

export async function journey(app) {
  await runJourney(app.sim, (step) => app.step(step))
}

export const expects = [
  { kind: 'error', type: 'js' },
  { kind: 'error', type: 'promise' },
  { kind: 'error', type: 'ajax' },
  { kind: 'error', type: 'pageNotFound' },
  { kind: 'gauge', name: 'miniprogram.app_launch.duration' },
  { kind: 'gauge', name: 'miniprogram.first_render.duration' },
  { kind: 'histogram', name: 'miniprogram.request.duration' },
]
