// minimon's other hosts: their data is for OTLP backends, and the contract check says so once per platform per run.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { checkContract, ContractRun, startCollector, type Collector, type ContractIssue } from '../src/index'
import { encodeLogs, encodeMetrics, errorLog, gauge, histogram, logsRequest, metricsRequest, post, resource } from './fixtures'

const OTHERS = ['bytedance', 'lark', 'baidu', 'qq', 'dingtalk', 'kuaishou', 'jd', 'xiaohongshu', 'web']
const LAUNCH = 'miniprogram.app_launch.duration'

let c: Collector
const lines: string[] = []
beforeAll(async () => {
  // the console printer with --check, captured: what a developer running the CLI would read
  c = await startCollector({ quiet: false, check: true, color: false, log: (l) => lines.push(l) })
})
afterAll(async () => {
  await c.close()
})
beforeEach(() => {
  c.reset()
  lines.length = 0
})

async function send(platform: string): Promise<void> {
  const res = resource({ 'miniprogram.platform': platform })
  expect((await post(c.url, '/v1/logs', encodeLogs(logsRequest([errorLog({ 'exception.type': 'manual' })], res)))).status).toBe(200)
  expect((await post(c.url, '/v1/metrics', encodeMetrics(metricsRequest([gauge(LAUNCH, 640), histogram()], res)))).status).toBe(200)
}

const allIssues = (): ContractIssue[] => c.batches.flatMap((b) => b.check.issues)
const notes = (code: string) => allIssues().filter((i) => i.code === code)

describe('other platforms', () => {
  it('are noted once per platform per run, as info, whatever the number of batches', async () => {
    for (let round = 0; round < 3; round++) for (const p of OTHERS) await send(p)
    const other = notes('other-platform')
    expect(other.map((i) => i.platform).sort()).toEqual([...OTHERS].sort())
    for (const i of other) {
      expect(i.severity).toBe('info')
      expect(i.message).toContain("OTLP backends; OAP's mini-program dashboards do not read this platform")
      expect(i.message).toContain(JSON.stringify(i.platform))
    }
    // no warning or error on any batch: their data is what minimon is meant to send
    expect(allIssues().filter((i) => i.severity !== 'info')).toEqual([])
    expect(c.batches.every((b) => b.check.ok)).toBe(true)
    // …and none of it feeds the mini-program dashboards
    expect(c.batches.flatMap((b) => b.check.fed)).toEqual([])
    expect(c.batches.reduce((n, b) => n + b.check.ignored, 0)).toBe(3 * OTHERS.length * 3)
  })

  it('the --check console output says it once too', async () => {
    await send('bytedance')
    await send('bytedance')
    await send('qq')
    const said = lines.filter((l) => l.includes('other-platform'))
    expect(said).toHaveLength(2)
    expect(said[0]).toMatch(/INFO\s+other-platform: miniprogram.platform "bytedance"/)
    expect(said[1]).toContain('"qq"')
  })

  it('a reset starts a new run: the note comes back', async () => {
    await send('lark')
    c.reset()
    await send('lark')
    expect(notes('other-platform')).toHaveLength(1)
    expect(c.batches[0].check.issues.map((i) => i.code)).toContain('other-platform')
  })

  it('the viewer state keeps one note per platform', async () => {
    await send('bytedance')
    await send('qq')
    await send('bytedance')
    const s = await (await fetch(c.url + '/api/state')).json()
    const other = s.contract.issues.filter((i: ContractIssue) => i.code === 'other-platform')
    expect(other.map((i: ContractIssue) => i.platform).sort()).toEqual(['bytedance', 'qq'])
    expect(other.every((i: { count: number }) => i.count === 1)).toBe(true)
    expect(s.errors.map((e: { platform: string; type: string }) => `${e.platform}:${e.type}`).sort()).toEqual(['bytedance:manual', 'qq:manual'])
  })

  it('WeChat and Alipay still feed the dashboards next to them', async () => {
    await send('bytedance')
    await send('wechat')
    await send('alipay')
    const fed = new Set(c.batches.flatMap((b) => b.check.fed.map((f) => f.metric)))
    expect(fed).toContain('meter_wechat_mp_error_count')
    expect(fed).toContain('meter_alipay_mp_app_launch_duration')
    expect(notes('other-platform').map((i) => i.platform)).toEqual(['bytedance'])
  })
})

describe('unknown platform values', () => {
  it('are warned on every batch, with a hint when it looks like a known one', async () => {
    const cases: [string, string | null][] = [
      ['tt', 'bytedance'], ['ByteDance', 'bytedance'], ['swan', 'baidu'], ['feishu', 'lark'], ['weixin', 'wechat'],
      ['h5', 'web'], ['xhs', 'xiaohongshu'], ['my-own-host', null],
    ]
    for (const [value, guess] of cases) {
      await send(value)
      await send(value)
      const warned = notes('unknown-platform').filter((i) => i.platform === value)
      expect(warned, value).toHaveLength(4) // two batches of logs, two of metrics
      expect(warned[0].severity).toBe('warn')
      if (guess) expect(warned[0].message, value).toContain(`did you mean "${guess}"?`)
      else expect(warned[0].message).not.toContain('did you mean')
    }
    expect(notes('other-platform')).toEqual([])
  })

  it("WeChat or Alipay in the wrong case stay an error (the OAP filters compare exactly)", async () => {
    await send('Alipay')
    expect(notes('platform-case')[0]).toMatchObject({ severity: 'error' })
    expect(notes('unknown-platform')).toEqual([])
  })
})

describe('checkContract without a collector', () => {
  const logs = (platform: string) => ({
    kind: 'logs' as const,
    logs: [{
      resource: resource({ 'miniprogram.platform': platform }), scope: { name: 'minimon', version: '0.1.0' },
      timeUnixNano: '1760000000000000000', severityNumber: 17, severityText: 'ERROR', body: 'boom',
      attributes: { 'exception.type': 'js', 'miniprogram.page.path': 'pages/index/index' },
      encoding: 'json' as const, raw: { timeUnixNano: '1760000000000000000', attributes: [] },
    }],
  })
  const codes = (r: ReturnType<typeof checkContract>) => r.issues.map((i) => i.code)

  it('treats each call as a run of its own unless given one', () => {
    expect(codes(checkContract(logs('kuaishou')))).toContain('other-platform')
    expect(codes(checkContract(logs('kuaishou')))).toContain('other-platform')
    const run = new ContractRun()
    expect(codes(checkContract(logs('kuaishou'), run))).toContain('other-platform')
    expect(codes(checkContract(logs('kuaishou'), run))).not.toContain('other-platform')
    expect(codes(checkContract(logs('jd'), run))).toContain('other-platform')
  })
})
