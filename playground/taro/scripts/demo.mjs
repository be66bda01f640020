#!/usr/bin/env node
// The Taro playground in the demo: builds it (when stale), runs the scripted journey on the WeChat and
// Alipay builds in @minimon/sim, reporting to the collector, then (with --h5) serves the H5 build for a
// browser until Ctrl-C.
//
//   node playground/taro/scripts/demo.mjs [--collector URL] [--h5] [--port N]
//
// The collector must already run at URL (default $MINIMON_COLLECTOR or http://127.0.0.1:4318), e.g.
// `npx minimon-collector` from playground/collector. The app's API server starts here, on 127.0.0.1:4319 (the
// app's default, src/api.ts) or another free port.
import { createServer } from 'node:http'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { extname, join, normalize } from 'node:path'
import { createSim } from '@minimon/sim'
import { DEFAULT_COLLECTOR, ensureBuilt } from './build.mjs'
import { alipayNavigator, runJourney } from './journey.mjs'
import { startPlaygroundApi } from '../../test-support/api-server.mjs'

const args = process.argv.slice(2)
const opt = (name, fallback) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : fallback
}
const collector = opt('--collector', process.env.MINIMON_COLLECTOR || DEFAULT_COLLECTOR)
const h5 = args.includes('--h5')
const log = (m) => console.log('[taro] ' + m)

const dirs = await ensureBuilt(h5 ? ['weapp', 'alipay', 'h5'] : ['weapp', 'alipay'], { collector, log })
const api = await startPlaygroundApi({ port: 4319 }).catch(() => startPlaygroundApi())
log(`API server at ${api.url}`)

for (const [target, platform] of [
  ['weapp', 'wechat'],
  ['alipay', 'alipay'],
]) {
  log(`${target}: launching ${dirs[target]} in the ${platform} sim, reporting to ${collector}`)
  const sim = createSim({ platform })
  const restore = platform === 'alipay' ? alipayNavigator() : () => {}
  try {
    await sim.launch({ app: dirs[target] })
    await runJourney(sim, (step) => log(`${target}: ${step}`))
    // the app is in the background: give the monitor its send before the sim suspends it
    await sim.idle(1500)
  } finally {
    sim.kill()
    restore()
  }
}

if (!h5) await api.close()
else {
  const dir = dirs.h5
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' }
  const server = createServer((req, res) => {
    let file = join(dir, normalize(decodeURIComponent(new URL(req.url || '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, ''))
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(dir, 'index.html')
    res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' })
    res.end(readFileSync(file))
  })
  server.listen(Number(opt('--port', '10086')), '127.0.0.1', () => {
    log(`h5: open http://127.0.0.1:${server.address().port}/#/pages/index/index (Ctrl-C to stop)`)
  })
}
