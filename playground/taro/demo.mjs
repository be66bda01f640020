// The Taro playground in the demo runner (@minimon/demo): one build per platform with a placeholder collector
// URL (cached between runs), copied for the collector the demo started, then the scripted journey.
import { join } from 'node:path'
import { TEST_OUT, TEST_PLACEHOLDER, copyWithCollector, ensureBuilt } from './scripts/build.mjs'
import { alipayNavigator, runJourney } from './scripts/journey.mjs'
import { journeyExpects } from '../test-support/platform-signals.mjs'

// the app's own backend, for its requests page (src/api.ts reads its URL)
export { startApiServer } from '../test-support/api-server.mjs'

/** Taro's --type → the platform the build runs on (docs/platforms.md). */
const TARGETS = [
  ['weapp', 'wechat'],
  ['alipay', 'alipay'],
  ['tt', 'bytedance'],
  ['swan', 'baidu'],
  ['qq', 'qq'],
  ['jd', 'jd'],
]

export const name = 'taro'
export const title = 'Taro 4 React app (@minimon/taro)'

/** @param {{ out: string, collector: string }} options */
export async function prepare({ out, collector }) {
  const dirs = await ensureBuilt(
    TARGETS.map(([t]) => t),
    { collector: TEST_PLACEHOLDER, out: TEST_OUT },
  )
  return TARGETS.map(([t, platform]) => ({ platform, dir: copyWithCollector(dirs[t], join(out, t), TEST_PLACEHOLDER, collector) }))
}

/** Alipay's JS engine has a `navigator`, which Taro's Alipay runtime reads at start; the simulator has none. */
export function beforeLaunch(sim) {
  return sim.platform === 'alipay' ? alipayNavigator() : undefined
}

export async function journey(app) {
  await runJourney(app.sim, (step) => app.step(step))
}

export const expects = journeyExpects(TARGETS.map(([, p]) => p))
