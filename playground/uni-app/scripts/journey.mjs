// The scripted journey through the demo's compiled mini program (mp-weixin or mp-alipay) in @minimon/sim:
// home → requests (a load, a 404 from the app's API server, an unreachable port, a download) → back → errors
// (a render error, a throwing handler, a rejected promise, a link to a missing page) → the app goes to the
// background (the monitor sends what it holds). Used by test/journey.test.ts and scripts/demo.mjs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createSim } from '@minimon/sim'

/**
/**
 * How each platform's compiled page template names its file and binds a tap, as uni's compilers write them
 * (read from the builds of @dcloudio/uni-mp-*@3.0.0-5000720260410001): `bindtap="{{b}}"` on every WeChat-shaped
 * platform, `onTap="{{b}}"` on Alipay; the extension is each platform's template language. `readyMs`: uni's
 * runtime calls the Vue page's onReady that long after the platform's (uni-mp-xhs uni.mp.esm.js: `onReady() {
 * setTimeout(() => { … $callHook(ON_READY) }, 100) }`, "确保页面自定义组件都被收集到" — so that the page's custom
 * components are all collected); the journey waits for it, as a user's next tap comes later than that.
 */
export const TEMPLATES = {
  wechat: { ext: 'wxml', tap: 'bindtap' },
  alipay: { ext: 'axml', tap: 'onTap' },
  bytedance: { ext: 'ttml', tap: 'bindtap' },
  lark: { ext: 'ttml', tap: 'bindtap' },
  baidu: { ext: 'swan', tap: 'bindtap' },
  qq: { ext: 'qml', tap: 'bindtap' },
  kuaishou: { ext: 'ksml', tap: 'bindtap' },
  jd: { ext: 'jxml', tap: 'bindtap' },
  xiaohongshu: { ext: 'xhsml', tap: 'bindtap', readyMs: 100 },
  // dingtalk: built as mp-alipay (docs/platforms.md), so Alipay's
}

/**
 * Taps the element with `id` on the current page as the platform would: the compiled template binds the tap to
 * a data field (`bindtap="{{b}}"`, `onTap="{{b}}"`: TEMPLATES) whose value names the page method uni's runtime
 * created for the Vue handler. The element's `data-*` attributes are its dataset (a `{{field}}` value read from
 * the page's data), as the platform builds it (`data-order-id` → `orderId`).
 */
export async function tapById(sim, dir, id) {
  const page = sim.currentPage()
  const t = TEMPLATES[sim.platform]
  if (!t) throw new Error(`tapById: no template syntax known for ${sim.platform}`)
  const file = `${page.route}.${t.ext}`
  const template = readFileSync(join(dir, file), 'utf8')
  const element = new RegExp(`<[\\w-]+[^>]*?\\sid="${id}"[^>]*>`).exec(template)?.[0] ?? ''
  const m = new RegExp(`\\s${t.tap}="\\{\\{(\\w+)\\}\\}"`).exec(element)
  if (!m) throw new Error(`no ${t.tap} binding for #${id} in ${file}`)
  const dataset = {}
  for (const [, name, value] of element.matchAll(/\sdata-([\w-]+)="([^"]*)"/g)) {
    const field = /^\{\{(\w+)\}\}$/.exec(value)
    dataset[name.replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = field ? page.data[field[1]] : value
  }
  const node = { id, dataset }
  await sim.tap(page.data[m[1]], undefined, { currentTarget: node, target: node })
}

/**
 * Runs the journey on a fresh sim and leaves it hidden (not killed). `step(name)` is called before each step.
 * Returns the sim and `dispose()`, which kills it and removes what the app left on Node's globalThis.
 */
export async function runJourney({ platform, dir, step = () => {} }) {
  const sim = createSim({ platform, suspendAfterMs: 1000 })
  /** After a page opens: until uni's runtime has called the page's Vue onReady. */
  const settle = () => sim.idle(20 + (TEMPLATES[platform]?.readyMs ?? 0))
  const uninstall = sim.install()
  const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis))
  const dispose = () => {
    sim.kill()
    uninstall()
    // whatever an app run leaves on Node's own globalThis must not reach the next sim in this process
    for (const name of Object.getOwnPropertyNames(globalThis)) if (!globalsBefore.has(name)) delete globalThis[name]
  }
  try {
    step('launch')
    await sim.launch({ app: dir })
    const at = (route) => {
      if (sim.currentPage()?.route !== route) throw new Error(`expected page ${route}, on ${sim.currentPage()?.route}`)
    }
    at('pages/index/index')
    await settle()
    step('open requests')
    await tapById(sim, dir, 'open-requests')
    await settle()
    at('pages/requests/requests')
    for (const id of ['req-404', 'req-down', 'req-download']) {
      step(id)
      await tapById(sim, dir, id)
    }
    await sim.idle(20)
    step('back')
    await sim.navigateBack()
    step('open errors')
    await tapById(sim, dir, 'open-errors')
    await settle()
    at('pages/errors/errors')
    for (const id of ['err-render', 'err-handler', 'err-promise', 'err-missing']) {
      step(id)
      await tapById(sim, dir, id)
    }
    await sim.idle(20)
    at('pages/errors/errors')
    step('hide')
    await sim.hide()
    return { sim, dispose }
  } catch (e) {
    dispose()
    throw e
  }
}
