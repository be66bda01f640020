// The uni-app playground in the demo runner (@minimon/demo): mp-weixin and mp-alipay builds for the
// collector the demo started (rebuilt only when stale), then the scripted journey of scripts/journey.mjs.
import { buildTarget, outDir } from './scripts/targets.mjs'
import { TEMPLATES, tapById } from './scripts/journey.mjs'
import { journeyExpects } from '../test-support/platform-signals.mjs'

// the app's own backend, for its requests page (src/api.ts reads its URL)
export { startApiServer } from '../test-support/api-server.mjs'

/** The platforms played and uni's -p for each (docs/platforms.md). */
const TARGETS = [
  ['wechat', 'mp-weixin'],
  ['alipay', 'mp-alipay'],
  ['bytedance', 'mp-toutiao'],
  ['lark', 'mp-lark'],
  ['qq', 'mp-qq'],
  ['kuaishou', 'mp-kuaishou'],
  ['jd', 'mp-jd'],
  ['xiaohongshu', 'mp-xhs'],
  ['baidu', 'mp-baidu'],
]

export const name = 'uni-app'
export const title = 'uni-app Vue 3 app (@minimon/uni-app)'

/** @param {{ out: string, collector: string }} options */
export async function prepare({ collector }) {
  const targets = []
  for (const [platform, target] of TARGETS) {
    await buildTarget(target, { collector, kind: 'demo' })
    targets.push({ platform, dir: outDir(target, 'demo') })
  }
  return targets
}

/** uni's mp-weixin runtime leaves globals behind on Node's globalThis that would confuse the next app in this process. */
export function beforeLaunch(sim) {
  const before = new Set(Object.getOwnPropertyNames(globalThis))
  // installed here, so that the launch keeps these globals instead of installing its own over them
  const uninstall = sim.install()
  return () => {
    uninstall()
    for (const key of Object.getOwnPropertyNames(globalThis)) if (!before.has(key)) delete globalThis[key]
  }
}

export async function journey(app) {
  const { sim } = app
  const dir = app.target.dir
  // after a tap that opens a page, until uni has called the page's Vue onReady (TEMPLATES.readyMs)
  const tap = async (id) => {
    app.step(`taps #${id}`)
    await tapById(sim, dir, id)
    await sim.idle(20 + (TEMPLATES[sim.platform]?.readyMs ?? 0))
  }
  await tap('open-requests')
  for (const id of ['req-404', 'req-down', 'req-download']) await tap(id)
  app.step('goes back')
  await sim.navigateBack()
  await sim.idle(20)
  await tap('open-errors')
  for (const id of ['err-render', 'err-handler', 'err-promise', 'err-missing']) await tap(id)
}

// The journey's link to a missing page is reported from the failed navigation, which uni's Baidu API layer
// turns into a success (test/platforms.test.ts): no page-not-found error is expected on Baidu.
const platforms = TARGETS.map(([p]) => p)
export const expects = journeyExpects(platforms).map((e) =>
  e.type === 'pageNotFound' ? { ...e, platforms: platforms.filter((p) => p !== 'baidu') } : e,
)
