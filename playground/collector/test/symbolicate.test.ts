import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cleanSource, framePath, parseFrame, parseStack } from '../src/stack-frames'
import { Symbolicator } from '../src/symbolicate'
import { frameworkBuild, lineOf, run, wechatMerge, writeMaps } from './wechat-bundle.mjs'

const dirs: string[] = []
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'minimon-maps-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe('stack frame formats', () => {
  it.each([
    ['    at a.t.fn (https://usr/app-service.js:8534:328219)', { fn: 'a.t.fn', file: 'https://usr/app-service.js', line: 8534, column: 328219, style: 'v8' }],
    ['appservice.app.js:1:250123', { fn: undefined, file: 'appservice.app.js', line: 1, column: 250123, style: 'bare' }],
    ['common/vendor.js:2:9981', { file: 'common/vendor.js', line: 2, column: 9981, style: 'bare' }],
    ['    at t.onTap (https://appx/af-appx.worker.min.js:1:12345)', { fn: 't.onTap', file: 'https://appx/af-appx.worker.min.js', line: 1, column: 12345 }],
    ['at n.onTap (weapp:///pages/errors/index.js:12:11)', { fn: 'n.onTap', file: 'weapp:///pages/errors/index.js', line: 12, column: 11 }],
    ['    at f (file:///a/b.js:3:4)', { fn: 'f', file: 'file:///a/b.js', line: 3, column: 4, style: 'v8' }],
    ['    at /a/b.js:3:4', { fn: undefined, file: '/a/b.js', line: 3, column: 4, style: 'v8' }],
    ['    at async load (https://usr/app-service.js:1:2)', { fn: 'load', line: 1, column: 2 }],
    ['onTap@https://usr/app-service.js:1:2345', { fn: 'onTap', file: 'https://usr/app-service.js', line: 1, column: 2345, style: 'jsc' }],
    ['@https://usr/appservice.app.js:1:9', { fn: undefined, file: 'https://usr/appservice.app.js', line: 1, column: 9, style: 'jsc' }],
    ['global code@https://usr/app-service.js:4:1', null],
  ])('%s', (line, want) => {
    const f = parseFrame(line)
    if (want === null) {
      // JavaScriptCore's "global code@…" has a space in the function: still a frame, named as printed
      expect(f).toMatchObject({ fn: 'global code', file: 'https://usr/app-service.js', line: 4, column: 1, style: 'jsc' })
      return
    }
    expect(f).toMatchObject(want)
  })

  it('keeps lines that are not frames', () => {
    expect(parseFrame('Error: total too large: 18')).toBeNull()
    expect(parseFrame('    at Array.forEach (<anonymous>)')).toBeNull()
    expect(parseFrame('    at eval (eval at f (x.js:1:2), <anonymous>:1:1)')).toBeNull()
    expect(parseFrame('[native code]')).toBeNull()
    expect(parseStack('Error: x\n    at f (a.js:1:2)')).toHaveLength(2)
  })

  it('names the path inside the app and cleans original sources', () => {
    expect(framePath('https://usr/app-service.js')).toBe('app-service.js')
    expect(framePath('weapp:///pages/errors/index.js?t=1')).toBe('pages/errors/index.js')
    expect(framePath('/abs/dist/weapp/common/vendor.js')).toBe('abs/dist/weapp/common/vendor.js')
    expect(cleanSource('webpack://app/./src/pages/errors/index.tsx?abc')).toBe('src/pages/errors/index.tsx')
    expect(cleanSource('../../../src/pages/errors/index.vue')).toBe('src/pages/errors/index.vue')
    expect(cleanSource('webpack://@minimon/playground-taro/./src/pages/errors/index.tsx?3ad8')).toBe('src/pages/errors/index.tsx')
    expect(cleanSource('webpack:///./src/app.ts')).toBe('src/app.ts')
    expect(cleanSource('/home/u/app/src/pages/a.vue')).toBe('src/pages/a.vue')
    expect(cleanSource('/home/u/app/node_modules/@tarojs/runtime/dist/a.js')).toBe('node_modules/@tarojs/runtime/dist/a.js')
  })
})

describe('a merged WeChat bundle composed with the framework maps', () => {
  const files = frameworkBuild()
  const merged = wechatMerge(files)
  const stack = run(merged)
  const throwLine = lineOf('src/pages/errors/index.ts', 'throw new Error')

  it('is a real production stack: frames in app-service.js, one long line per file', () => {
    expect(stack).toMatch(/^Error: total too large: 18\n/)
    expect(stack).toMatch(/\(https:\/\/usr\/app-service\.js:4:\d{3,}\)/)
    expect(stack).toMatch(/\(https:\/\/usr\/app-service\.js:2:\d+\)/)
  })

  it('resolves every bundle frame to the original source line, through both maps', () => {
    const dir = tmp()
    writeMaps(dir, files, merged)
    const s = new Symbolicator(dir, { rootFallback: true })
    const out = s.symbolicate(stack)
    const bundleFrames = out.frames.filter((f) => f.file.includes('app-service.js'))
    expect(bundleFrames.length).toBeGreaterThanOrEqual(4)
    expect(out.resolved).toBe(bundleFrames.length)
    const top = out.frames[0].original!
    expect(top.source).toBe('src/pages/errors/index.ts')
    expect(top.line).toBe(throwLine)
    expect(top.column).toBe(11)
    expect(top.maps).toEqual(['__APP__/app-service.js.map', 'pages/errors/index.js.map'])
    // the callee named by its caller's call site
    expect(top.fn).toBe('computeTotal')
    expect(top.context!.lines[throwLine - top.context!.start]).toContain("throw new Error('total too large: ' + total)")
    const sources = out.frames.filter((f) => f.original).map((f) => `${f.original!.source}:${f.original!.line}`)
    expect(sources).toContain(`src/lib/guard.ts:${lineOf('src/lib/guard.ts', 'const out = fn()')}`)
    expect(sources).toContain(`src/pages/errors/index.ts:${lineOf('src/pages/errors/index.ts', "runGuarded('tap'")}`)
    expect(out.text.split('\n')[0]).toBe('Error: total too large: 18')
    expect(out.text.split('\n')[1]).toBe(`    at computeTotal (src/pages/errors/index.ts:${throwLine}:11)`)
    // frames of other files (node's vm, the test) stay exactly as they were
    for (const f of out.frames.filter((f) => !f.file.includes('app-service.js'))) expect(f.original).toBeUndefined()
  })

  it('resolves the lazy-code-loading bundle (appservice.app.js) and the same frames printed by JavaScriptCore', () => {
    const lazy = wechatMerge(files, undefined, 'appservice.app.js')
    const dir = tmp()
    writeMaps(dir, files, lazy, 'appservice.app.js')
    const v8 = run(lazy, 'https://usr/appservice.app.js')
    const first = parseFrame(v8.split('\n')[1])!
    const s = new Symbolicator(dir, { rootFallback: true })
    const jsc = `total too large: 18\ncomputeTotal@https://usr/appservice.app.js:${first.line}:${first.column}\nappservice.app.js:${first.line}:${first.column}`
    const out = s.symbolicate(jsc)
    expect(out.resolved).toBe(2)
    for (const f of out.frames) expect(`${f.original!.source}:${f.original!.line}`).toBe(`src/pages/errors/index.ts:${throwLine}`)
  })

  it('resolves a framework output file directly (the sim and devtools name them) with only its own map', () => {
    const dir = tmp()
    for (const [p, f] of Object.entries(files)) {
      const target = join(dir, p + '.map')
      mkdirSync(dirname(target), { recursive: true })
      writeFileSync(target, JSON.stringify(f.map))
    }
    // the page file alone, as devtools name it
    const code = files['pages/errors/index.js'].code as string
    const col = code.indexOf('throw') + 1
    const line = code.slice(0, code.indexOf('throw')).split('\n').length
    const out = new Symbolicator(dir, { rootFallback: true }).symbolicate(`Error\n    at n (weapp:///pages/errors/index.js:${line}:${col})\n    at x (/somewhere/dist/weapp/pages/errors/index.js:${line}:${col})`)
    expect(out.frames.map((f) => f.original && `${f.original.source}:${f.original.line}`)).toEqual([
      `src/pages/errors/index.ts:${throwLine}`, `src/pages/errors/index.ts:${throwLine}`,
    ])
  })

  it("names a flattened module source (Taro's `._src_pages_a_index.tsx`) by the map's real path", () => {
    const dir = tmp()
    mkdirSync(join(dir, 'pages/a'), { recursive: true })
    // one mapping: generated 1:0 → source 0, line 3, column 4
    writeFileSync(join(dir, 'pages/a/index.js.map'), JSON.stringify({
      version: 3, sources: ['webpack://@scope/app/._src_pages_a_index.tsx', 'webpack://@scope/app/./src/pages/a/index.tsx?3ad8'], names: [], mappings: 'AAEI',
    }))
    const out = new Symbolicator(dir, { rootFallback: true }).symbolicate('    at f (pages/a/index.js:1:1)')
    expect(out.frames[0].original).toMatchObject({ source: 'src/pages/a/index.tsx', line: 3, column: 5 })
  })

  it('leaves frames alone whose file has no map, or whose map is unreadable', () => {
    const dir = tmp()
    writeMaps(dir, files, merged)
    writeFileSync(join(dir, 'broken.js.map'), '{not json')
    const text = 'Error: x\n    at t.onTap (https://appx/af-appx.worker.min.js:1:12345)\n    at f (https://usr/broken.js:1:1)\nsomething else'
    const out = new Symbolicator(dir, { rootFallback: true }).symbolicate(text)
    expect(out.resolved).toBe(0)
    expect(out.text).toBe(text)
  })

  it('picks the folder of the build id or release, ignores unsafe ids, and uses the root only when it holds maps', () => {
    const root = tmp()
    writeMaps(join(root, 'b-123'), files, merged)
    writeMaps(join(root, '1.4.0'), files, merged)
    const s = new Symbolicator(root)
    expect(s.symbolicate(stack, { buildId: 'b-123' }).frames[0].original?.maps[0]).toBe('b-123/__APP__/app-service.js.map')
    expect(s.symbolicate(stack, { buildId: 'nope', release: '1.4.0' }).frames[0].original?.maps[0]).toBe('1.4.0/__APP__/app-service.js.map')
    expect(s.symbolicate(stack, { buildId: '../1.4.0' }).resolved).toBe(0)
    expect(s.symbolicate(stack, {}).resolved).toBe(0)
  })

  it('caches parsed maps, bounded by count and bytes', () => {
    const root = tmp()
    writeMaps(join(root, 'a'), files, merged)
    writeMaps(join(root, 'b'), files, merged)
    const s = new Symbolicator(root, { maxMaps: 4 })
    s.symbolicate(stack, { buildId: 'a' })
    const loads = s.counts.loads
    expect(loads).toBeGreaterThanOrEqual(3)
    s.symbolicate(stack, { buildId: 'a' })
    expect(s.counts.loads).toBe(loads)
    expect(s.counts.hits).toBeGreaterThan(0)
    expect(s.cached.maps).toBeLessThanOrEqual(4)
    s.symbolicate(stack, { buildId: 'b' })
    expect(s.cached.maps).toBeLessThanOrEqual(4)
    expect(s.counts.evictions).toBeGreaterThan(0)
    const tiny = new Symbolicator(root, { maxBytes: 10 })
    expect(tiny.symbolicate(stack, { buildId: 'a' }).frames[0].original?.line).toBe(throwLine)
    expect(tiny.cached.maps).toBe(1)
  })
})
