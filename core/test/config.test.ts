import { afterEach, describe, expect, it, vi } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { RULES, validate } from '../src/config'

const good = { service: 'shop', collector: 'https://oap.example.com:12800/' }

describe('option validation', () => {
  it('fills the documented defaults', () => {
    const cfg = validate(good)
    expect(cfg).toMatchObject({
      service: 'shop',
      collector: 'https://oap.example.com:12800',
      traceCollector: 'https://oap.example.com:12800',
      encoding: 'proto',
      flushInterval: 5000,
      enable: { error: true, perf: true, request: true, tracing: false },
      sampleRate: 1,
      propagateTo: [],
    })
  })

  const fatal: [string, unknown, RegExp][] = [
    ['options', null, /`options`: null/],
    ['options', 'shop', /`options`: "shop"/],
    ['service', { ...good, service: undefined }, /`service`: undefined; expected a non-empty string of at most 70/],
    ['service', { ...good, service: 'x'.repeat(71) }, /`service`/],
    ['collector', { ...good, collector: 'oap:12800' }, /`collector`: "oap:12800"; expected an http\(s\) base URL/],
    ['collector', { service: 'shop' }, /`collector`: undefined/],
  ]

  it.each(fatal)('%s: what the monitor cannot run without disables it, with one message naming the option, the value and what is allowed', (_name, options, message) => {
    const r = validate(options)
    expect(typeof r).toBe('string')
    expect(r).toMatch(message)
    expect(r).toMatch(/monitor is disabled/)
  })

  // [option, options, the warning, the default the config keeps]
  const ignored: [string, unknown, RegExp, Record<string, unknown>][] = [
    ['traceCollector', { ...good, traceCollector: 42 }, /`traceCollector`: 42/, { traceCollector: 'https://oap.example.com:12800' }],
    ['platform', { ...good, platform: 'tiktok' }, /`platform`: "tiktok"; expected "wechat", "alipay", "web", "bytedance", "lark", "baidu", "qq", "dingtalk", "kuaishou", "jd" or "xiaohongshu"/, {}],
    ['encoding', { ...good, encoding: 'protobuf' }, /`encoding`: "protobuf"; expected "proto" or "json"; it is ignored, the default "proto" is used/, { encoding: 'proto' }],
    ['flushInterval', { ...good, flushInterval: -1 }, /`flushInterval`: -1; expected a number from 100 to 3600000; it is ignored, the default 5000 is used/, { flushInterval: 5000 }],
    ['maxQueue', { ...good, maxQueue: 'big' }, /`maxQueue`: "big".*default 200/, { maxQueue: 200 }],
    ['enable.tracing', { ...good, enable: { tracing: 'yes' } }, /`enable.tracing`: "yes"; expected a boolean; it is ignored, the default false/, { enable: { error: true, perf: true, request: true, tracing: false } }],
    ['enable', { ...good, enable: true }, /`enable`: true; expected an object/, { enable: { error: true, perf: true, request: true, tracing: false } }],
    ['request.urlGroupRules', { ...good, request: { urlGroupRules: [{ match: 1 }] } }, /`request.urlGroupRules`.*default \[\]/, { urlGroupRules: [] }],
    ['request.ignoreUrls', { ...good, request: { ignoreUrls: 'x' } }, /`request.ignoreUrls`: "x"/, { ignoreUrls: [] }],
    ['tracing.sampleRate', { ...good, tracing: { sampleRate: 2 } }, /`tracing.sampleRate`: 2; expected a number from 0 to 1/, { sampleRate: 1 }],
    ['tracing.propagateTo', { ...good, tracing: { propagateTo: [3] } }, /`tracing.propagateTo`: \[3\]/, { propagateTo: [] }],
    ['beforeSend', { ...good, beforeSend: 'drop' }, /`beforeSend`: "drop"; expected a function; it is ignored$/, {}],
    ['ignoreErrors', { ...good, ignoreErrors: [1] }, /`ignoreErrors`/, { ignoreErrors: [] }],
    ['debug', { ...good, debug: 1 }, /`debug`: 1; expected a boolean/, { debug: false }],
  ]

  it.each(ignored)('%s: a wrong optional option is ignored with one warning naming it, its value and the default used; the monitor runs', (_name, options, message, kept) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const cfg = validate({ ...(options as object), serviceVersion: '2.0.0' })
      expect(typeof cfg).toBe('object')
      expect(warn).toHaveBeenCalledTimes(1)
      expect(warn.mock.calls[0][0]).toMatch(message)
      expect(cfg).toMatchObject({ ...kept, service: 'shop', serviceVersion: '2.0.0' })
    } finally {
      warn.mockRestore()
    }
  })

  it('survives options whose getters throw or that cannot be shown', () => {
    const hostile = Object.create(null)
    Object.defineProperty(hostile, 'service', { enumerable: true, get: () => { throw new Error('boom') } })
    expect(typeof validate(hostile)).toBe('string')
    const cyclic: any = { ...good }
    cyclic.service = cyclic
    expect(validate(cyclic)).toMatch(/`service`/)
  })
})

describe('the docs every production message links to', () => {
  const docs = readFileSync(join(__dirname, '../../docs/configuration.md'), 'utf8')
  const names = ['options'].concat(
    ...Object.keys(RULES).map((k) => {
      const r = RULES[k]
      return typeof r === 'object' && !Array.isArray(r) ? [k, ...Object.keys(r).map((o) => `${k}.${o}`)] : [k]
    }),
  )
  it.each(names)('docs/configuration.md has an anchor for %s', (name) => {
    expect(docs).toContain(`<a id="${name.replace('.', '-').toLowerCase()}"></a>`)
  })
})

describe('unknown options', () => {
  afterEach(() => vi.restoreAllMocks())
  it('are named in a warning and do not disable the monitor', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(typeof validate({ ...good, colector: 'x' })).toBe('object')
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('`colector`'))
  })
})

describe('sections', () => {
  it('accept valid nested options', () => {
    const cfg = validate({ ...good, enable: { tracing: true }, request: { maxGroups: 3, ignoreUrls: ['a.com'] }, tracing: { sampleRate: 0.5 } })
    expect(cfg).toMatchObject({ maxGroups: 3, ignoreUrls: ['a.com'], sampleRate: 0.5, enable: { tracing: true, error: true } })
  })
  it('ignore unknown keys inside a section with a warning naming them, and keep the rest', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      expect(validate({ ...good, enable: { errors: true, tracing: true } })).toMatchObject({ enable: { error: true, tracing: true } })
      expect(warn).toHaveBeenCalledWith('[minimon] unknown option `enable.errors` is ignored')
    } finally {
      warn.mockRestore()
    }
  })
  it("take mini-program-monitor's urlGroupRules, { label: RegExp }, as rules tested on the whole URL", () => {
    const cfg = validate({ ...good, request: { urlGroupRules: { '/api/users/*': /\/api\/users\/\d+/ } } })
    expect(cfg).toMatchObject({ urlGroupRules: [{ match: /\/api\/users\/\d+/, group: '/api/users/*', whole: true }] })
  })
})
