import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseArgs } from '../src/index'
import { encodeLogs, encodeMetrics, errorLog, gauge, histogram, JSON_CT, logsRequest, metricsRequest, post, resource, segment } from './fixtures'

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const root = resolve(pkg, '../..')

describe('parseArgs', () => {
  it('reads every flag, with defaults for the CLI', () => {
    expect(parseArgs([])).toEqual({ host: '127.0.0.1', port: 4318, quiet: false })
    expect(parseArgs(['--host', '0.0.0.0', '--port=0', '--out', 'x.jsonl', '--forward', 'http://oap:12800', '--check', '--max-body', '512k', '--quiet', '--history', '10'])).toEqual({
      host: '0.0.0.0', port: 0, out: 'x.jsonl', forward: 'http://oap:12800', check: true, maxBodyBytes: 512 * 1024, quiet: true, historyLimit: 10,
    })
  })
  it('names the flag and the value it refuses', () => {
    expect(() => parseArgs(['--port', 'abc'])).toThrow(/--port.*"abc"/)
    expect(() => parseArgs(['--forward', 'oap:12800'])).toThrow(/--forward/)
    expect(() => parseArgs(['--max-body', '4MB'])).toThrow(/--max-body/)
    expect(() => parseArgs(['--nope'])).toThrow(/unknown option --nope/)
    expect(() => parseArgs(['--out'])).toThrow(/--out needs a value/)
  })
})

describe('minimon-collector (built bin)', () => {
  let child: ChildProcess
  let dir = ''
  let stdout = ''
  let url = ''
  beforeAll(async () => {
    // the root test command builds first; build here only when dist is missing (never delete a dist in use)
    if (!existsSync(join(pkg, 'dist/cli.js'))) {
      execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '@minimon/collector'], { cwd: root, stdio: 'ignore' })
    }
    dir = mkdtempSync(join(tmpdir(), 'minimon-cli-'))
    child = spawn(process.execPath, [join(pkg, 'bin/minimon-collector.js'), '--port', '0', '--out', join(dir, 'out.jsonl'), '--check'], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout!.on('data', (d) => (stdout += d.toString()))
    child.stderr!.on('data', (d) => (stdout += d.toString()))
    const t = Date.now()
    while (!/listening on (http:\/\/\S+)/.test(stdout)) {
      if (Date.now() - t > 10_000) throw new Error('collector did not start:\n' + stdout)
      await new Promise((r) => setTimeout(r, 25))
    }
    url = /listening on (http:\/\/\S+)/.exec(stdout)![1]
  })
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  it('prints its address and the viewer, one line per signal, the contract check, and writes --out', async () => {
    expect(stdout).toContain(`viewer:   ${url}/`)
    await post(url, '/v1/logs', encodeLogs(logsRequest([errorLog()])))
    await post(url, '/v1/metrics', encodeMetrics(metricsRequest([gauge('miniprogram.app_launch.duration', 812), histogram(undefined, undefined, { temporality: 2 })])))
    await post(url, '/v3/segments', JSON.stringify([segment()]), JSON_CT)
    await post(url, '/v1/logs', encodeLogs(logsRequest([errorLog({}, ['exception.type'])], resource())))
    expect((await post(url, '/v1/metrics', 'not protobuf')).status).toBe(400)
    const t = Date.now()
    while (!stdout.includes('REFUSED') && Date.now() - t < 5000) await new Promise((r) => setTimeout(r, 25))
    expect(stdout).toMatch(/LOG\s+ERROR js Cannot read properties/)
    expect(stdout).toMatch(/METRIC gauge\s+miniprogram\.app_launch\.duration 812ms/)
    expect(stdout).toMatch(/METRIC histogram miniprogram\.request\.duration count=10/)
    expect(stdout).toMatch(/SEGMENT GET https:\/\/api\.example\.com\/items\/42 200 180ms/)
    expect(stdout).toMatch(/CHECK metrics: 1 used, 1 ignored → meter_wechat_mp_app_launch_duration/)
    expect(stdout).toMatch(/ERROR histogram-not-delta/)
    expect(stdout).toMatch(/ERROR log-missing-exception-type/)
    expect(stdout).toMatch(/REFUSED POST \/v1\/metrics → 400 invalid protobuf/)
    expect(stdout).not.toMatch(/\x1b\[/)

    child.kill('SIGINT')
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)))
    expect(code).toBe(0)
    const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(lines.map((l) => l.kind)).toEqual(['log', 'metric', 'metric', 'segment', 'log'])
    expect(lines[0]).toMatchObject({ kind: 'log', body: "Cannot read properties of undefined (reading 'id')", encoding: 'proto' })
    expect(lines[1]).toMatchObject({ kind: 'metric', name: 'miniprogram.app_launch.duration', value: 812 })
    expect(lines[3].segment.spans[0].peer).toBe('api.example.com')
  })
})
