// The demo: `--once` as the root script runs it (a child process on a random port) must exit 0; the loop
// stops cleanly when asked; apps are discovered (and skipped) as the README says.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { discoverApps, parseDemoArgs, runDemo } from '../src/index'
// @ts-expect-error plain ESM module without types
import { ensureBuilt } from '../../native/scripts/build.mjs'

const root = join(__dirname, '..', '..', '..')

function run(args: string[]): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'playground/demo/dist/cli.js'), ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    child.on('close', (code) => resolve({ code, out, ms: Date.now() - started }))
  })
}

describe('minimon-demo --once', () => {
  it('plays the native playground on WeChat and Alipay, prints the summary and exits 0', async () => {
    for (const dir of ['playground/sim', 'core']) await ensureBuilt(join(root, dir))
    // the summary's contract check is the collector's: a stale build would judge by older rules
    await ensureBuilt(join(root, 'playground/collector'), { whenStale: true })
    await ensureBuilt(join(root, 'adapters/native'), { whenStale: true })
    await ensureBuilt(join(root, 'playground/demo'), { whenStale: true })
    const r = await run(['--once', '--port', '0', '--apps', 'native'])
    expect(r.out, r.out).toMatch(/viewer {6}http:\/\/127\.0\.0\.1:\d+\//)
    expect(r.out).toContain('✓ native · wechat')
    expect(r.out).toContain('✓ native · alipay')
    expect(r.out).toMatch(/error logs {6}12: /)
    expect(r.out).toMatch(/dashboard metrics fed: \d+/)
    expect(r.out).toContain('meter_wechat_mp_route_duration')
    expect(r.out).toContain('meter_alipay_mp_first_render_duration')
    expect(r.out).toContain('✓ every kind of signal at least once')
    // our own demo data passes our own contract check clean, and nothing goes to the collector that it refuses
    const [, clean, batches] = /OAP contract check: ✓ (\d+) of (\d+) batches clean/.exec(r.out) || []
    expect(Number(batches), r.out).toBeGreaterThan(0)
    expect(clean).toBe(batches)
    expect(r.out).toContain('collector: ✓ refused nothing')
    expect(r.out).toContain('demo: every expected signal arrived, every batch clean, nothing refused')
    expect(r.code, r.out).toBe(0)
  }, 120_000)

  it('exits 2 with the usage on a bad option', async () => {
    const r = await run(['--port', 'x'])
    expect(r.code).toBe(2)
    expect(r.out).toContain('--port needs a whole number')
  }, 30_000)
})

describe('the loop', () => {
  it('keeps playing until stopped, then prints the summary and resolves 0', async () => {
    const lines: string[] = []
    const abort = new AbortController()
    const done = runDemo({
      root,
      port: 0,
      apps: ['native'],
      quiet: true,
      pauseMs: 50,
      signal: abort.signal,
      log: (l) => {
        lines.push(l)
        // stop during the second round
        if (/round 2/.test(l)) setTimeout(() => abort.abort(), 100)
      },
    })
    expect(await done).toBe(0)
    const text = lines.join('\n')
    expect(text).toContain('✓ native · wechat')
    expect(text).toContain('round 2')
    expect(text).not.toContain('round 3')
    expect(text).toContain('OAP contract check')
  }, 60_000)
})

describe('app discovery', () => {
  it('finds compiled framework output, loads demo.mjs profiles and explains what it skips', async () => {
    const fake = mkdtempSync(join(tmpdir(), 'minimon-demo-root-'))
    try {
      const app = (dir: string) => {
        mkdirSync(join(fake, dir), { recursive: true })
        writeFileSync(join(fake, dir, 'app.json'), JSON.stringify({ pages: ['pages/index/index'] }))
      }
      for (const d of ['sim', 'collector', 'demo', 'taro', 'uni-app', 'custom', 'broken']) mkdirSync(join(fake, 'playground', d), { recursive: true })
      writeFileSync(join(fake, 'playground/taro/package.json'), '{}')
      app('playground/uni-app/dist/build/mp-weixin')
      app('playground/uni-app/dist/build/mp-alipay')
      writeFileSync(
        join(fake, 'playground/custom/demo.mjs'),
        `export const title = 'custom app'
export async function prepare({ out, collector }) { return [{ platform: 'wechat', dir: out + '|' + collector }] }
export async function journey() {}
export const expects = [{ kind: 'segment' }]`,
      )
      writeFileSync(join(fake, 'playground/broken/demo.mjs'), 'export const name = 1')
      const { apps, skipped } = await discoverApps(fake)
      expect(apps.map((a) => a.name)).toEqual(['uni-app', 'custom'])
      const uni = apps[0]
      expect(await uni.prepare({ out: '', collector: '' })).toEqual([
        { platform: 'wechat', dir: join(fake, 'playground/uni-app/dist/build/mp-weixin') },
        { platform: 'alipay', dir: join(fake, 'playground/uni-app/dist/build/mp-alipay') },
      ])
      expect(uni.expects.map((e) => e.name)).toEqual(['miniprogram.app_launch.duration', 'miniprogram.first_render.duration'])
      const custom = apps[1]
      expect(custom.title).toBe('custom app')
      expect(await custom.prepare({ out: '/o', collector: 'http://c' })).toEqual([{ platform: 'wechat', dir: '/o|http://c' }])
      expect(custom.expects).toEqual([{ kind: 'segment' }])
      expect(skipped.map((s) => s.name).sort()).toEqual(['broken', 'taro'])
      expect(skipped.find((s) => s.name === 'taro')!.reason).toContain('dist/weapp')
      expect((await discoverApps(fake, ['custom', 'nope'])).apps.map((a) => a.name)).toEqual(['custom'])
      expect((await discoverApps(fake, ['nope'])).skipped).toEqual([{ name: 'nope', reason: 'no playground/nope directory' }])
    } finally {
      rmSync(fake, { recursive: true, force: true })
    }
  })

  it('the real playground has the native app', async () => {
    const { apps } = await discoverApps(root, ['native'])
    expect(apps.map((a) => a.name)).toEqual(['native'])
    expect(apps[0].expects.length).toBeGreaterThan(8)
    expect(typeof apps[0].startApiServer).toBe('function')
  })

  it('every playground app brings its own API server, so its deliberate failures never reach the collector', async () => {
    const { apps } = await discoverApps(root, ['native', 'taro', 'uni-app'])
    expect(apps.map((a) => [a.name, typeof a.startApiServer])).toEqual([
      ['native', 'function'],
      ['taro', 'function'],
      ['uni-app', 'function'],
    ])
  })
})

describe('arguments', () => {
  it('parses every option', () => {
    expect(parseDemoArgs(['--once', '--port=0', '--apps', 'native, taro', '--api-port', '5000', '--wait', '100', '--pause', '0', '--rounds', '2', '--host', '0.0.0.0', '--forward', 'http://oap:12800'])).toEqual({
      options: { once: true, port: 0, apps: ['native', 'taro'], apiPort: 5000, waitMs: 100, pauseMs: 0, rounds: 2, host: '0.0.0.0', forward: 'http://oap:12800' },
    })
    expect(parseDemoArgs(['--once', '--verbose'])).toEqual({ options: { once: true, quiet: false } })
    expect(parseDemoArgs(['--help'])).toMatchObject({ exit: 0 })
    expect(parseDemoArgs(['--nope'])).toMatchObject({ exit: 2, text: expect.stringContaining('unknown option --nope') })
    expect(parseDemoArgs(['--rounds', '0'])).toMatchObject({ exit: 2 })
  })
})
