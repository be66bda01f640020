#!/usr/bin/env node
// The uni-app part of the demo. Builds the demo for the collector (when stale), runs the scripted journey of the
// mp-weixin and mp-alipay builds in @minimon/sim, then serves the H5 build for a browser.
//
//   node playground/uni-app/scripts/demo.mjs [--collector http://127.0.0.1:4318] [--no-h5] [--h5-port 5180]
//
// Start a collector first (`npx minimon-collector`), or import { runDemo } and pass the one you started. The app's
// API server starts here, on 127.0.0.1:4319 (the app's default, src/api.ts) or another free port.
import { buildTarget, DEFAULT_COLLECTOR, outDir } from './targets.mjs'
import { runJourney } from './journey.mjs'
import { serve } from './serve.mjs'
import { startPlaygroundApi } from '../../test-support/api-server.mjs'

/**
 * Runs the mini-program journeys and (unless `h5: false`) serves the H5 build. Resolves with the H5 server and the
 * app's API server (or undefined) once the journeys are done; `log` receives one line per step.
 */
export async function runDemo({ collector = DEFAULT_COLLECTOR, h5 = true, h5Port = 0, log = console.log } = {}) {
  const api = await startPlaygroundApi({ port: 4319 }).catch(() => startPlaygroundApi())
  log(`[uni-app] API server at ${api.url}`)
  for (const [platform, target] of [
    ['wechat', 'mp-weixin'],
    ['alipay', 'mp-alipay'],
  ]) {
    const ms = await buildTarget(target, { collector })
    log(`[uni-app] ${target}: ${ms ? `built in ${ms} ms` : 'build up to date'} (${outDir(target)})`)
    const { sim, dispose } = await runJourney({ platform, dir: outDir(target), step: (s) => log(`[uni-app] ${target}: ${s}`) })
    await sim.idle(500)
    dispose()
  }
  if (!h5) {
    await api.close()
    return undefined
  }
  const ms = await buildTarget('h5', { collector })
  log(`[uni-app] h5: ${ms ? `built in ${ms} ms` : 'build up to date'}`)
  const site = await serve(outDir('h5'), h5Port)
  log(`[uni-app] h5: open ${site.url} (reports to ${collector})`)
  return { ...site, api }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href
if (isMain) {
  const args = process.argv.slice(2)
  const value = (name) => {
    const i = args.indexOf(name)
    return i >= 0 ? args[i + 1] : undefined
  }
  const collector = value('--collector') || process.env.MINIMON_COLLECTOR || DEFAULT_COLLECTOR
  const site = await runDemo({ collector, h5: !args.includes('--no-h5'), h5Port: Number(value('--h5-port') || 0) })
  if (!site) process.exit(0)
}
