import { afterEach, describe, expect, it, vi } from 'vitest'
import { validate } from '../src/config'

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

  const bad: [string, unknown, RegExp][] = [
    ['options', null, /`options`: null/],
    ['options', 'shop', /`options`: "shop"/],
    ['service', { ...good, service: undefined }, /`service`: undefined; expected a non-empty string of at most 70/],
    ['service', { ...good, service: 'x'.repeat(71) }, /`service`/],
    ['collector', { ...good, collector: 'oap:12800' }, /`collector`: "oap:12800"; expected an http\(s\) base URL/],
    ['traceCollector', { ...good, traceCollector: 42 }, /`traceCollector`: 42/],
    ['platform', { ...good, platform: 'tiktok' }, /`platform`: "tiktok"; expected "wechat", "alipay", "web", "bytedance", "lark", "baidu", "qq", "dingtalk", "kuaishou", "jd" or "xiaohongshu"/],
    ['encoding', { ...good, encoding: 'protobuf' }, /`encoding`: "protobuf"; expected "proto" or "json"/],
    ['flushInterval', { ...good, flushInterval: -1 }, /`flushInterval`: -1; expected a number from 100/],
    ['maxQueue', { ...good, maxQueue: 'big' }, /`maxQueue`: "big"/],
    ['enable.tracing', { ...good, enable: { tracing: 'yes' } }, /`enable.tracing`: "yes"; expected a boolean/],
    ['enable', { ...good, enable: true }, /`enable`: true; expected an object/],
    ['request.urlGroupRules', { ...good, request: { urlGroupRules: [{ match: 1 }] } }, /`request.urlGroupRules`/],
    ['request.ignoreUrls', { ...good, request: { ignoreUrls: 'x' } }, /`request.ignoreUrls`: "x"/],
    ['tracing.sampleRate', { ...good, tracing: { sampleRate: 2 } }, /`tracing.sampleRate`: 2; expected a number from 0 to 1/],
    ['tracing.propagateTo', { ...good, tracing: { propagateTo: [3] } }, /`tracing.propagateTo`: \[3\]/],
    ['beforeSend', { ...good, beforeSend: 'drop' }, /`beforeSend`: "drop"; expected a function/],
    ['ignoreErrors', { ...good, ignoreErrors: [1] }, /`ignoreErrors`/],
    ['debug', { ...good, debug: 1 }, /`debug`: 1; expected a boolean/],
  ]

  it.each(bad)('%s: one message naming the option, the value and what is allowed', (_name, options, message) => {
    const r = validate(options)
    expect(typeof r).toBe('string')
    expect(r).toMatch(message)
    expect(r).toMatch(/monitor is disabled/)
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
  it('reject unknown keys inside a section, naming them', () => {
    expect(validate({ ...good, enable: { errors: true } })).toMatch(/`enable.errors`: true; expected one of enable.error, enable.perf/)
  })
})
