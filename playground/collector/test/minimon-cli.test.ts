// `minimon sourcemaps` on zips laid out as WeChat's developer tools export them, and `minimon symbolicate`.
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { strToU8, zipSync } from 'fflate'
import { afterAll, describe, expect, it } from 'vitest'
import { runMinimon } from '../src/minimon-cli'
import { frameworkBuild, lineOf, run, wechatMerge, writeMaps } from './wechat-bundle.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const BIN = resolve(here, '../bin/minimon.js')
const work = mkdtempSync(join(tmpdir(), 'minimon-cli-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const files = frameworkBuild()
const merged = wechatMerge(files)
const lazy = wechatMerge(files, undefined, 'appservice.app.js')
const stack = run(merged)
const lazyStack = run(lazy, 'https://usr/appservice.app.js')
const THROW = `src/pages/errors/index.ts:${lineOf('src/pages/errors/index.ts', 'throw new Error')}`
const json = (o: unknown) => strToU8(JSON.stringify(o))

async function minimon(argv: string[], stdin = '') {
  let stdout = ''
  let stderr = ''
  const code = await runMinimon(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdin: async () => stdin, cwd: work })
  return { code, stdout, stderr }
}

describe('minimon sourcemaps', () => {
  it('files the main package, whole package and subpackage maps of an export zip under the release', async () => {
    const zip = join(work, 'export.zip')
    writeFileSync(zip, zipSync({
      '__APP__/app-service.js.map': json(merged.map),
      '__FULL__/app-service.js.map': json(merged.map),
      'packageA/app-service.js.map': json(merged.map),
      '__APP__/readme.txt': strToU8('not a map'),
      '__APP__/bad.js.map': strToU8('{"version":2}'),
    }))
    const r = await minimon(['sourcemaps', 'export.zip', '--release', '1.2.0', '--out', 'maps'])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('filed 3 source maps under maps/1.2.0: main package (__APP__), whole package (__FULL__), subpackage packageA\n')
    expect(r.stderr).toContain('skipped __APP__/bad.js.map (not a version 3 source map)')
    for (const f of ['__APP__/app-service.js.map', '__FULL__/app-service.js.map', 'packageA/app-service.js.map']) {
      expect(JSON.parse(readFileSync(join(work, 'maps/1.2.0', f), 'utf8')).sections).toHaveLength(3)
    }
    expect(existsSync(join(work, 'maps/1.2.0/__APP__/readme.txt'))).toBe(false)
    // a native app's stack resolves with WeChat's map alone: to the app's own files
    const s = await minimon(['symbolicate', '--sourcemaps', 'maps', '--release', '1.2.0'], stack)
    expect(s.code).toBe(0)
    expect(s.stdout.split('\n')[1]).toMatch(/^ {4}at \w+ \(pages\/errors\/index\.js:1:\d+\)$/)
    expect(s.stderr).toMatch(/^minimon: 4 of \d+ frames resolved\n$/)
  })

  it('files a lazy-code-loading export (appservice.app.js.map), a zip wrapped in one folder, and an unpacked folder', async () => {
    writeFileSync(join(work, 'lazy.zip'), zipSync({ 'sourcemap/__APP__/appservice.app.js.map': json(lazy.map), 'sourcemap/__FULL__/appservice.app.js.map': json(lazy.map) }))
    const r = await minimon(['sourcemaps', 'lazy.zip', '--release=1.3.0', '--out=maps'])
    expect(r.stdout).toContain('lazy code loading (appservice.app.js.map)')
    expect(existsSync(join(work, 'maps/1.3.0/__APP__/appservice.app.js.map'))).toBe(true)
    // with the framework's maps beside WeChat's, the stack resolves to the original source
    writeMaps(join(work, 'unpacked'), files, lazy, 'appservice.app.js')
    expect((await minimon(['sourcemaps', 'unpacked', '--release', '1.3.1', '--out', 'maps'])).code).toBe(0)
    const s = await minimon(['symbolicate', '--sourcemaps', 'maps/1.3.1'], lazyStack)
    expect(s.stdout.split('\n')[1]).toBe(`    at computeTotal (${THROW}:11)`)
  })

  it('never writes outside the release folder, and refuses bad input', async () => {
    writeFileSync(join(work, 'slip.zip'), zipSync({ '../../evil.js.map': json(merged.map), '__APP__/app-service.js.map': json(merged.map) }))
    const r = await minimon(['sourcemaps', 'slip.zip', '--release', '9.0.0', '--out', 'maps'])
    expect(r.stderr).toContain('unsafe path')
    expect(existsSync(join(work, 'evil.js.map'))).toBe(false)
    expect(existsSync(join(work, '../evil.js.map'))).toBe(false)
    expect((await minimon(['sourcemaps', 'slip.zip', '--release', '../x'])).code).toBe(2)
    expect((await minimon(['sourcemaps', 'slip.zip'])).stderr).toContain('needs --release')
    writeFileSync(join(work, 'not.zip'), 'hello')
    const bad = await minimon(['sourcemaps', 'not.zip', '--release', '1.0.0'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/not a readable zip/)
    expect((await minimon(['nope'])).code).toBe(2)
    expect((await minimon(['symbolicate'])).stderr).toContain('needs --sourcemaps')
  })
})

describe('minimon (built bin)', () => {
  it.skipIf(!existsSync(resolve(here, '../dist/minimon.js')))('symbolicates a stack file and prints frames it cannot resolve as they came', async () => {
    const dir = join(work, 'bin-maps')
    mkdirSync(dir, { recursive: true })
    writeMaps(dir, files, merged)
    const file = join(work, 'stack.txt')
    writeFileSync(file, stack + '\n    at t.onTap (https://appx/af-appx.worker.min.js:1:12345)\n')
    const out = await new Promise<{ code: number; stdout: string }>((ok) =>
      execFile(process.execPath, [BIN, 'symbolicate', '--sourcemaps', dir, file], (err, stdout) => ok({ code: err ? (err as any).code : 0, stdout })))
    expect(out.code).toBe(0)
    expect(out.stdout).toContain(`    at computeTotal (${THROW}:11)`)
    expect(out.stdout.trimEnd().split('\n').at(-1)).toBe('    at t.onTap (https://appx/af-appx.worker.min.js:1:12345)')
  })
})
