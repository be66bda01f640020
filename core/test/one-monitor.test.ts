// One running monitor per app, whichever entry point started it. The entry points are separate bundles
// (dist/*.mjs), as WeChat's "Build npm" and the frameworks' bundlers load them: an adapter may load
// `@minimon/core/wechat` (the one host its build targets) while the app calls `init` from `@minimon/core`.
import { startCollector, type Collector } from '@minimon/collector'
import { createSim } from '@minimon/sim'
import { afterEach, beforeEach, expect, it } from 'vitest'

let collector: Collector
let uninstall = () => {}
beforeEach(async () => {
  collector = await startCollector({ port: 0 })
  uninstall = createSim({ platform: 'wechat' }).install()
})
afterEach(async () => {
  uninstall()
  await collector.close()
})

it('init, getMonitor, flush and shutdown of every entry point act on the one running monitor', async () => {
  const index = await import('../dist/index.mjs')
  const wechat = await import('../dist/wechat.mjs')
  const miniprogram = await import('../dist/miniprogram.mjs')
  expect(wechat.getMonitor()).toBeUndefined()
  const started = index.init({ service: 'shop', collector: collector.url, flushInterval: 60_000 })
  expect(started.enabled).toBe(true)
  // another entry point finds it, and its init hands it out instead of starting a second one
  expect(wechat.getMonitor()).toBe(started)
  expect(miniprogram.init({ service: 'other', collector: collector.url })).toBe(started)
  started.captureError(new Error('once'))
  await wechat.flush()
  expect(collector.logs.map((l) => [l.body, l.resource['service.name']])).toEqual([['Error: once', 'shop']])
  await miniprogram.shutdown()
  expect(index.getMonitor()).toBeUndefined()
  // after a shutdown any entry point starts the next one
  const next = wechat.init({ service: 'shop', collector: collector.url })
  expect(index.getMonitor()).toBe(next)
  // the monitor lives with the platform's `wx`: a new app run (killed, no shutdown) starts with none
  uninstall()
  uninstall = createSim({ platform: 'wechat' }).install()
  expect(index.getMonitor()).toBeUndefined()
  expect(wechat.getMonitor()).toBeUndefined()
})
