// The scripted user journey through the playground, on a compiled mini-program build running in
// @minimon/sim: used by the tests (test/journey.test.ts) and the demo (scripts/demo.mjs).
//
// Taro renders a page by setData of a serialised tree and receives taps through the page method `eh`
// with the node's id as dataset.sid: the helpers read the tree's text and tap elements by their text.

const textOf = (n) => (typeof n.v === 'string' ? n.v : (n.cn || []).map(textOf).join(''))

/** Everything the current page shows, as one string. */
export function pageText(sim) {
  const data = sim.currentPage()?.data
  return data && data.root ? textOf(data.root) : ''
}

/** Taps the outermost element whose whole text is `label` (a button, or a view with a handler). */
export async function tap(sim, label) {
  const data = sim.currentPage()?.data
  let sid = ''
  const find = (n) => {
    if (!n || typeof n !== 'object' || sid) return
    if (n.sid && typeof n.v !== 'string' && textOf(n).trim() === label) sid = n.sid
    else for (const c of n.cn || []) find(c)
  }
  find(data && data.root)
  if (!sid) throw new Error(`tap: nothing shows "${label}" on ${sim.currentPage()?.route}: ${pageText(sim)}`)
  const target = { id: sid, dataset: { sid } }
  await sim.tap('eh', { x: 0, y: 0 }, { currentTarget: target, target })
}

/** Waits until the page shows `text` (Taro renders asynchronously after each update). */
export async function waitForText(sim, text, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs
  while (!pageText(sim).includes(text)) {
    if (Date.now() > end) throw new Error(`waitForText: "${text}" never appeared on ${sim.currentPage()?.route}: ${pageText(sim)}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/**
 * Alipay's JS engine has a `navigator` (Taro's alipay runtime reads navigator.userAgent when it starts);
 * @minimon/sim does not provide one and Node 20 has none. Returns the undo.
 */
export function alipayNavigator() {
  if (typeof globalThis.navigator !== 'undefined') return () => {}
  globalThis.navigator = { userAgent: 'Mozilla/5.0 AlipayClient/10.5.0 (minimon sim)', swuserAgent: '' }
  return () => delete globalThis.navigator
}

/**
 * Home → Requests (one answered, one 404, one unreachable port) → back → Errors (a render error caught by a
 * boundary, a throwing handler, a rejected promise, a missing page) → the app goes to the background.
 * `log` hears each step.
 */
export async function runJourney(sim, log = () => {}) {
  const step = async (what, fn) => {
    log(what)
    await fn()
  }
  await waitForText(sim, 'minimon × Taro')
  await step('open Requests', async () => {
    await tap(sim, 'Requests')
    await sim.idle(20)
    await waitForText(sim, 'GET 200: -')
  })
  for (const label of ['GET 200', 'GET 404', 'Unreachable port']) await step(`tap ${label}`, () => tap(sim, label))
  await sim.idle(50)
  await waitForText(sim, 'Unreachable port:')
  await waitForText(sim, 'GET 404: 4')
  const requests = pageText(sim)
  await step('back', async () => {
    await sim.navigateBack()
    await sim.idle(20)
  })
  await step('open Errors', async () => {
    await tap(sim, 'Errors')
    await sim.idle(20)
    await waitForText(sim, 'Render error')
  })
  await step('tap Render error', async () => {
    await tap(sim, 'Render error')
    await waitForText(sim, 'Caught: Render error from <Bomb>')
  })
  for (const label of ['Throw in handler', 'Reject a promise', 'Open a missing page']) await step(`tap ${label}`, () => tap(sim, label))
  await sim.idle(50)
  const errors = pageText(sim)
  await step('app to the background', () => sim.hide())
  return { requests, errors }
}
