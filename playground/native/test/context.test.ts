// What led to an error, in the native playground as built for WeChat and Alipay: the user signs in, taps
// through to the error page and the checkout throws; its log carries the taps, navigations and requests
// before it, and the user.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCollector, type Collector } from '@minimon/collector'
import { createSim } from '@minimon/sim'
// @ts-expect-error plain ESM module of the playground, without types
import { prepare, startApiServer } from '../demo.mjs'

type Platform = 'wechat' | 'alipay'

let collector: Collector
let api: { url: string; close(): Promise<void> }
let out: string
let targets: { platform: Platform; dir: string }[]

beforeAll(async () => {
  collector = await startCollector({ port: 0 })
  api = await startApiServer({ latencyMs: [2, 5] })
  ;(globalThis as any).__MINIMON_PLAYGROUND__ = { collector: collector.url, api: api.url, flushInterval: 300 }
  out = mkdtempSync(join(tmpdir(), 'minimon-native-context-'))
  targets = await prepare({ out })
}, 90_000)

afterAll(async () => {
  delete (globalThis as any).__MINIMON_PLAYGROUND__
  await collector?.close()
  await api?.close()
  if (out) rmSync(out, { recursive: true, force: true })
})

describe.each(['wechat', 'alipay'] as Platform[])('on %s', (platform) => {
  it('the checkout error carries the sign-in tap, the navigations and the requests before it, and the user', async () => {
    const sim = createSim({ platform })
    try {
      await sim.launch({ app: targets.find((t) => t.platform === platform)!.dir })
      await sim.tap('#login')
      await sim.tap('#list')
      await sim.idle(200)
      await sim.navigateBack()
      await sim.tap('#errors')
      await sim.tap('#throw')
      const log = await (async () => {
        for (const until = Date.now() + 8000; Date.now() < until; await sim.idle(25)) {
          const l = collector.logs.find((x) => x.resource['miniprogram.platform'] === platform && String(x.body).includes('Checkout failed'))
          if (l) return l
          await (sim.api as any).__minimon.flush()
        }
        throw new Error('no checkout error:\n' + collector.summary())
      })()
      expect(log.attributes['enduser.id']).toBe('demo-user-1')
      const crumbs: [number, string, string][] = JSON.parse(String(log.attributes['minimon.breadcrumbs']))
      const seen = crumbs.map((c) => c[1] + ' ' + c[2])
      expect(seen).toEqual(expect.arrayContaining(['tap logIn #login [provider]', 'tap openList #list', 'tap openErrors #errors', 'tap checkout #throw']))
      expect(seen).toContain('nav Load pages/index/index > pages/list/index')
      expect(seen).toContain('nav Show pages/list/index > pages/index/index')
      expect(seen.some((s) => /^request GET \/api\/items\S* \d+ \d+ms$/.test(s))).toBe(true)
      expect(seen[seen.length - 1]).toBe('tap checkout #throw')
    } finally {
      sim.kill()
    }
  })
})
