// WeChat's script and package-load gauges count by entry type: devices name those entries `evaluateScript` and
// `downloadPackage`; emulators and test rigs (the workload SkyWalking's end-to-end tests drive among them) name
// them `script` and `loadPackage`. Both light the same dashboards.
import { afterEach, describe, expect, it } from 'vitest'
import { startCollector } from '@minimon/collector'
import { createSim } from '@minimon/sim'
import { init, shutdown } from '../src/index'
import { eventually } from './harness'

let cleanup: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

describe.each(['wechat', 'entry-type'] as const)('WeChat performance entries named the %s way', (perfEntryNames) => {
  it('give one script and one package-load gauge, with the page they happened on', async () => {
    const collector = await startCollector({ port: 0 })
    const sim = createSim({ platform: 'wechat', perfEntryNames })
    const uninstall = sim.install()
    cleanup.push(() => collector.close(), () => sim.kill(), uninstall, () => shutdown())
    const monitor = init({ service: 'perf', collector: collector.url, flushInterval: 60_000 })
    await sim.launch({ app: { app: {}, pages: { 'pages/index/index': {} } } })
    await sim.idle(20)
    const names = (sim.api.getPerformance().getEntries() as { entryType: string; name: string }[])
      .filter((e) => e.entryType === 'script' || e.entryType === 'loadPackage')
      .map((e) => e.name)
    // the sim names them as asked: the test drives both ways
    expect(names.sort()).toEqual(perfEntryNames === 'wechat' ? ['downloadPackage', 'evaluateScript'] : ['loadPackage', 'script'])
    await eventually(async () => {
      await monitor.flush()
      const got = collector.metrics.filter((m) => m.name === 'miniprogram.script.duration' || m.name === 'miniprogram.package_load.duration')
      expect(got.map((m) => m.name).sort()).toEqual(['miniprogram.package_load.duration', 'miniprogram.script.duration'])
      expect(got.every((m) => m.attributes['miniprogram.page.path'] === 'pages/index/index')).toBe(true)
    })
  })
})
