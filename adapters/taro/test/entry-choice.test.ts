// Which core entry an app's build keeps: the adapter's built dist bundled with the framework's platform
// constant defined, as Taro's webpack build defines it (esbuild here; bench/size.mjs measures the same way). Exactly
// one @minimon/core entry may remain: the target's own, or the runtime-detecting one for targets without one.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const dist = join(__dirname, '../dist/index.mjs')
// (spelled out at run time: the test runner itself defines the constant)
const constant = ['process', 'env', 'TARO_ENV'].join('.')

async function coreImports(target: string): Promise<string[]> {
  const r = await build({
    entryPoints: [dist],
    bundle: true,
    write: false,
    format: 'esm',
    minify: true,
    logLevel: 'silent',
    external: ['@minimon/core', '@minimon/core/*', 'react', '@tarojs/*'],
    define: { [constant]: JSON.stringify(target) },
  })
  return [...r.outputFiles[0].text.matchAll(/from"(@minimon\/core[^"]*)"/g)].map((m) => m[1])
}

describe.skipIf(!existsSync(dist))('the core entry a build keeps (run the build first)', () => {
  it.each([['weapp', 'wechat'], ['qywx', 'wechat'], ['alipay', 'alipay'], ['dd', 'dingtalk'], ['tt', 'bytedance'], ['lark', 'lark'], ['swan', 'baidu'], ['qq', 'qq'], ['jd', 'jd'], ['kwai', 'kuaishou'], ['xhs', 'xiaohongshu'], ['h5', 'web'], ['harmony-hybrid', '']])('%s keeps %s', async (target, entry) => {
    expect(await coreImports(target)).toEqual([entry ? '@minimon/core/' + entry : '@minimon/core'])
  })
})
