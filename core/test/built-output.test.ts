// The built files are what ships inside a mini program: ES2015 syntax, no built-in newer than ES2017,
// nothing a mini program runtime forbids, and no platform global outside its host.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'acorn'
import { describe, expect, it } from 'vitest'

const dist = join(__dirname, '../dist')
const entries = ['index', 'wechat', 'alipay']

const FORBIDDEN: [string, RegExp][] = [
  ['Promise.allSettled (ES2020)', /\ballSettled\b/],
  ['Promise.any (ES2021)', /\bPromise\.any\b/],
  ['Object.fromEntries (ES2019)', /\bfromEntries\b/],
  ['String#replaceAll (ES2021)', /\.replaceAll\b/],
  ['Array#flat/flatMap (ES2019)', /\.flat(Map)?\(/],
  ['Object.hasOwn (ES2022)', /\bhasOwn\(/],
  ['String#at / Array#at (ES2022)', /\.at\(-?\d/],
  ['TextEncoder/TextDecoder', /\bText(En|De)coder\b/],
  ['btoa/atob', /\b(btoa|atob)\b/],
  ['eval', /\beval\b/],
  ['new Function', /\bFunction\s*\(/],
  ['require()', /\brequire\s*\(/],
  ['structuredClone', /\bstructuredClone\b/],
  ['queueMicrotask', /\bqueueMicrotask\b/],
  ['globalThis', /\bglobalThis\b/],
  ['Node globals', /\b(process|Buffer|__dirname)\b/],
  ['DOM globals', /\b(window|document|navigator|localStorage)\b/],
  ['BigInt', /\bBigInt\b|\d+n\b/],
  ['URL/URLSearchParams', /\bnew URL(SearchParams)?\b/],
]

describe.each(entries)('dist/%s', (entry) => {
  const esm = readFileSync(join(dist, `${entry}.mjs`), 'utf8')
  const cjs = readFileSync(join(dist, `${entry}.js`), 'utf8')

  it('parses as ES2015 (module and script)', () => {
    expect(() => parse(esm, { ecmaVersion: 2015, sourceType: 'module' })).not.toThrow()
    // the CommonJS build is what WeChat's "Build npm" copies: it must parse as a plain ES2015 script
    expect(() => parse(cjs.replace(/^"use strict";/, ''), { ecmaVersion: 2015, sourceType: 'script' })).not.toThrow()
  })

  it.each(FORBIDDEN)('uses no %s', (_what, pattern) => {
    const code = esm.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')
    expect(code.match(pattern)?.[0]).toBeUndefined()
  })
})

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8'))
  it('points WeChat "Build npm" at the CommonJS build and has no runtime dependencies', () => {
    expect(pkg.miniprogram).toBe('dist')
    expect(readFileSync(join(dist, 'index.js'), 'utf8')).toContain('module.exports')
    expect(pkg.dependencies ?? {}).toEqual({})
  })
})
