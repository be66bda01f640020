// The built files are what ships inside a mini program: ES2015 syntax, no built-in newer than ES2017,
// nothing a mini program runtime forbids, and no platform global outside its host.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { parse } from 'acorn'
import { describe, expect, it } from 'vitest'

const dist = join(__dirname, '../dist')
const entries = ['index', 'miniprogram', 'wechat', 'alipay', 'web']

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
  // (`process.env.NODE_ENV`, inside a try, is the bundlers' convention: every app bundler folds it)
  ['Node globals', /\b(process(?!\.env\.NODE_ENV\b)|Buffer|__dirname)\b/],
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

describe("miniprogram_dist: the package's own production build, for WeChat's Build npm", () => {
  const mp = join(__dirname, '../miniprogram_dist')
  const production = readdirSync(mp).filter((f) => f !== 'development.js')
  it.each(production)('%s has NODE_ENV folded: no `process`, no development prose', (file) => {
    const code = readFileSync(join(mp, file), 'utf8')
    expect(code).not.toMatch(/\bprocess\b/)
    expect(code).not.toContain('a non-empty string of at most 70 characters')
    // (the opt-in plugins of extras validate no options)
    if (file !== 'extras.js') expect(code).toContain('docs/configuration.md#')
  })

  // Loaded as a mini program loads it: a CommonJS module in a realm with no `process` (the sim runs inside
  // Node, where `process` exists, so it could not tell)
  const load = (file: string, printed: string[]) => {
    const say = (...a: unknown[]) => printed.push(a.join(' '))
    const module = { exports: {} as any }
    runInNewContext(readFileSync(join(mp, file), 'utf8'), { module, exports: module.exports, console: { warn: say, error: say, log: say } })
    return module.exports.default ?? module.exports
  }
  it.each(production.filter((f) => f !== 'extras.js'))('%s, where no `process` exists: a bad option gets the production message, naming it and linking its docs', (file) => {
    const printed: string[] = []
    const api = load(file, printed)
    const DOCS = 'https://github.com/minimon-dev/minimon/blob/main/docs/configuration.md#'
    api.init({ service: 'shop', collector: 'https://oap.example.com', platform: 'wechat', request: { urlGroupRules: 7 } })
    expect(printed[0]).toBe(`[minimon] invalid option \`request.urlGroupRules\`: 7 — see ${DOCS}request-urlgrouprules; it is ignored, the default [] is used`)
    printed.length = 0
    api.init({ service: 'shop', collector: 'oap:12800' })
    expect(printed).toEqual([`[minimon] invalid option \`collector\`: "oap:12800" — see ${DOCS}collector. The monitor is disabled.`])
  })

  it("development.js, the native apps' development switch, has the full messages where no `process` exists", () => {
    const printed: string[] = []
    const api = load('development.js', printed)
    api.init({ service: 'shop', collector: 'https://oap.example.com', platform: 'wechat', request: { urlGroupRules: 7 } })
    expect(printed[0]).toBe(`[minimon] invalid option \`request.urlGroupRules\`: 7; expected an array of { match: RegExp | string, group: string }, or { 'group': RegExp }; it is ignored, the default [] is used`)
    expect(readFileSync(join(mp, 'development.js'), 'utf8')).not.toMatch(/\bprocess\b/)
  })
})

const DOM = /\b(window|document|navigator|localStorage|location|XMLHttpRequest|fetch)\b/

describe.each(['miniprogram', 'wechat', 'alipay'])('dist/%s (mini-program platforms only)', (entry) => {
  it('uses no DOM global', () => {
    const code = readFileSync(join(dist, `${entry}.mjs`), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')
    expect(code.match(DOM)?.[0]).toBeUndefined()
  })
})

describe('platform globals', () => {
  const src = join(__dirname, '../src')
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f).slice(src.length + 1)]))
  const code = (f: string) => readFileSync(join(src, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')
  it('DOM globals appear only in the web host and its exporter', () => {
    const users = files(src).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && DOM.test(code(f)))
    expect(users.every((f) => /^(hosts\/web|exporters\/skywalking-browser)/.test(f))).toBe(true)
  })
  it('wx and my appear only in their host modules', () => {
    const users = files(src).filter((f) => f.endsWith('.ts') && /\b(wx|my)\s*[.!=)]/.test(code(f)))
    expect(users.sort()).toEqual(['hosts/alipay.ts', 'hosts/wechat.ts'])
  })
})

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8'))
  it('has no runtime dependencies', () => {
    expect(pkg.dependencies ?? {}).toEqual({})
  })

  // "Build npm" copies every file of this directory into the app's package: the mini-program entries alone
  it('points WeChat "Build npm" at a directory of the minified CommonJS mini-program entries only', () => {
    expect(pkg.miniprogram).toBe('miniprogram_dist')
    expect(pkg.files).toContain('miniprogram_dist')
    const mp = join(__dirname, '..', pkg.miniprogram)
    expect(readdirSync(mp).sort()).toEqual(
      ['alipay.js', 'baidu.js', 'bytedance.js', 'development.js', 'dingtalk.js', 'extras.js', 'index.js', 'jd.js', 'kuaishou.js', 'lark.js', 'miniprogram.js', 'qq.js', 'wechat.js', 'xiaohongshu.js'],
    )
    for (const f of readdirSync(mp)) {
      const code = readFileSync(join(mp, f), 'utf8')
      expect(() => parse(code.replace(/^"use strict";/, ''), { ecmaVersion: 2015, sourceType: 'script' }), f).not.toThrow()
      expect(code, f).toContain('module.exports')
      // minified: a fraction of the readable build's size
      expect(code.length, f).toBeLessThan(readFileSync(join(dist, f === 'development.js' ? 'miniprogram.js' : f), 'utf8').length * 0.7)
      for (const [what, pattern] of FORBIDDEN) expect(code.match(pattern)?.[0], `${f}: ${what}`).toBeUndefined()
    }
    for (const f of ['miniprogram.js', 'wechat.js', 'alipay.js']) expect(readFileSync(join(mp, f), 'utf8').match(DOM)?.[0], f).toBeUndefined()
  })
})
