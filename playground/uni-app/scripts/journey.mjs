// The scripted journey through the demo's compiled mini program (mp-weixin or mp-alipay) in @minimon/sim:
// home → requests (a load, a 404 on the collector's host, an unreachable port, a download) → back → errors
// (a render error, a throwing handler, a rejected promise, a link to a missing page) → the app goes to the
// background (the monitor sends what it holds). Used by test/journey.test.ts and scripts/demo.mjs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createSim } from '@minimon/sim'

/**
 * Taps the element with `id` on the current page as the platform would: the compiled template binds the tap to
 * a data field (`bindtap="{{b}}"` on WeChat, `onTap="{{b}}"` on Alipay) whose value names the page method uni's
 * runtime created for the Vue handler.
 */
export async function tapById(sim, dir, id) {
  const page = sim.currentPage()
  const ext = sim.platform === 'wechat' ? 'wxml' : 'axml'
  const template = readFileSync(join(dir, `${page.route}.${ext}`), 'utf8')
  const m = new RegExp(`id="${id}"[^>]*?(?:bindtap|onTap)="\\{\\{(\\w+)\\}\\}"`).exec(template)
  if (!m) throw new Error(`no tap binding for #${id} in ${page.route}.${ext}`)
  await sim.tap(page.data[m[1]], undefined, { currentTarget: { id, dataset: {} }, target: { id, dataset: {} } })
}

/**
 * Runs the journey on a fresh sim and leaves it hidden (not killed). `step(name)` is called before each step.
 * Returns the sim and `dispose()`, which kills it and removes what the app left on Node's globalThis.
 */
export async function runJourney({ platform, dir, step = () => {} }) {
  const sim = createSim({ platform, suspendAfterMs: 1000 })
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
    step('open requests')
    await tapById(sim, dir, 'open-requests')
    await sim.idle(20)
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
    await sim.idle(20)
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
