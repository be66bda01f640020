// The published build (dist/, made by `node scripts/build.mjs @minimon/uni-app`): ES2015 syntax that every
// mini-program runtime parses, nothing bundled that should stay external, no work at import.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'acorn'
import { describe, expect, it } from 'vitest'

const dist = join(__dirname, '../dist')
const built = existsSync(join(dist, 'index.mjs')) && existsSync(join(dist, 'index.js'))

describe.skipIf(!built)('dist (run the build first)', () => {
  it.each(['index.mjs', 'index.js'])('%s parses as ES2015', (file) => {
    const code = readFileSync(join(dist, file), 'utf8')
    expect(() => parse(code, { ecmaVersion: 2015, sourceType: file.endsWith('.mjs') ? 'module' : 'script' })).not.toThrow()
  })

  it("imports vue and @minimon/core's entries, bundles neither, and does nothing at import but define", () => {
    const code = readFileSync(join(dist, 'index.mjs'), 'utf8')
    const imports = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]).sort()
    // one entry per platform, chosen by uni's UNI_PLATFORM at build time, and the runtime-detecting one
    expect(imports).toEqual(
      ['', 'alipay', 'baidu', 'bytedance', 'jd', 'kuaishou', 'lark', 'qq', 'web', 'wechat', 'xiaohongshu'].map((e) => '@minimon/core' + (e && '/' + e)).concat('vue'),
    )
    const ast = parse(code, { ecmaVersion: 2015, sourceType: 'module' }) as unknown as { body: { type: string; expression?: unknown }[] }
    // only imports, declarations and exports at the top level: no statement that runs something
    expect(ast.body.filter((n) => !/^(Import|Export\w+|VariableDeclaration|FunctionDeclaration)/.test(n.type))).toEqual([])
  })
})
