// One sample of startup.mjs, in its own process: `node [--jitless] startup-child.mjs <module URL> <minimon|reference|empty>`.
// Prints { total, import, init, cpu, initCpu, enabled } in ms.
import { createSim } from '@minimon/sim'

const [url, what] = process.argv.slice(2)
createSim({ platform: 'wechat' }).install()
const request = globalThis.wx.request

const c0 = process.cpuUsage()
const t0 = performance.now()
const mod = await import(url)
const t1 = performance.now()
const c1 = process.cpuUsage()
let enabled = false
if (what !== 'empty') {
  const monitor = mod.init({ service: 'bench', serviceVersion: '1.0.0', collector: 'http://127.0.0.1:9', flushInterval: 3600000 })
  // minimon says so; the reference SDK returns nothing, and always wraps wx.request when it runs
  enabled = what === 'minimon' ? monitor.enabled : globalThis.wx.request !== request
}
const t2 = performance.now()
const c = process.cpuUsage(c0)
const ci = process.cpuUsage(c1)
process.stdout.write(JSON.stringify({ total: t2 - t0, import: t1 - t0, init: t2 - t1, cpu: (c.user + c.system) / 1000, initCpu: (ci.user + ci.system) / 1000, enabled }) + '\n')
process.exit(0)
