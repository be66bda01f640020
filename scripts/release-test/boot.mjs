#!/usr/bin/env node
// Boots one compiled mini program in @minimon/sim (WeChat), lets its first page run, sends the app to the
// background (the monitor then sends what it holds) and exits. Run by scripts/release-test/index.mjs in a
// process of its own per app, so that no app run sees another's globals.
//
//   node boot.mjs <path of @minimon/sim's dist/index.mjs> <app directory>
import { pathToFileURL } from 'node:url'

const [simEntry, app] = process.argv.slice(2)
const { createSim } = await import(pathToFileURL(simEntry).href)
const sim = createSim({ platform: 'wechat', suspendAfterMs: 3000 })
await sim.launch({ app })
const route = sim.currentPage()?.route
await sim.idle(300)
await sim.hide()
await sim.idle(500)
sim.kill()
console.log(JSON.stringify({ route, errors: sim.errors.map((e) => String(e && e.message ? e.message : e).split('\n')[0]) }))
process.exit(0)
