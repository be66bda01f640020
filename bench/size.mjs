#!/usr/bin/env node
// Size: min+gzip of each package's built entry, bundled the way an app bundles it.
//
// Every entry is bundled with esbuild (ESM, ES2017, minify, NODE_ENV=production, browser resolution, tree
// shaking on, everything the entry exports kept), then gzipped at level 9. KB = 1024 bytes.
//   - core: core/dist/<entry>.mjs for every entry in core's package.json `minimon.entries`, with nothing
//     external (core has no dependencies).
//   - adapters: adapters/*/dist/index.mjs when built. "on top of core" is measured with @minimon/core and the
//     adapter's peers (react, vue, @tarojs/*, @dcloudio/*) external: the bytes the adapter adds to an app that
//     already ships core. The other way ("adapter + core bundled together, minus core alone") is shown too.
//     Taro and uni-app are bundled as their WeChat builds bundle them (ADAPTER_BUILDS): with the framework's
//     platform constant defined, the adapter keeps only the core entry of that platform.
//   - peers: the whole package with its dependencies, as an app would carry it.
//   - reference: the reference SDK's build (lib/reference.mjs), bundled exactly as core's entries; core's rows
//     carry their ratio to it.
//
// `node bench/size.mjs` prints the table; `--json` prints the rows as JSON.
import { build } from 'esbuild'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { PRODUCTION } from './lib/bundle.mjs'
import { bench, requireFromBench, root } from './lib/paths.mjs'
import { NOT_AVAILABLE, REFERENCE_DIR, REFERENCE_ENTRY, referenceInfo } from './lib/reference.mjs'

const ESBUILD = { ...PRODUCTION, write: false }

/**
 * @minimon/core kept external, as core's package.json declares it (`sideEffects: false`): an adapter's import of
 * a core entry it does not use (the other platforms' entries its build constant folded away) is dropped, as
 * the app's bundler drops it, instead of staying as a bare `import "…"` that no app bundle contains.
 */
const coreSideEffectFree = {
  name: 'core-side-effect-free',
  setup(b) {
    b.onResolve({ filter: /^@minimon\/core(\/|$)/ }, (a) => ({ path: a.path, external: true, sideEffects: false }))
  },
}

/** min and min+gzip bytes of `source` (an ES module text) bundled from bench/. */
async function measure(source, { external = [], resolveDir = bench, define = {} } = {}) {
  const r = await build({
    ...ESBUILD,
    define: { ...ESBUILD.define, ...define },
    stdin: { contents: source, resolveDir, loader: 'js', sourcefile: 'entry.mjs' },
    external,
    plugins: external.includes('@minimon/core') ? [coreSideEffectFree] : [],
  })
  const code = r.outputFiles[0].contents
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length }
}

/** Keeps every export of each module (as an app that uses all of them would). */
const keepAll = (specs) =>
  specs.map((s, i) => `import * as m${i} from ${JSON.stringify(s)}`).join('\n') + `\nexport { ${specs.map((_, i) => 'm' + i).join(', ')} }\n`

function version(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version
  } catch {
    return undefined
  }
}

function pkgVersion(name) {
  try {
    return requireFromBench(`${name}/package.json`).version
  } catch {
    return undefined
  }
}

const PLATFORMS = {
  index: 'every platform host (runtime detection)',
  miniprogram: 'WeChat + Alipay (runtime detection), no web',
  wechat: 'WeChat only',
  alipay: 'Alipay only',
  web: 'H5 (web) only',
  bytedance: 'ByteDance (Douyin, Toutiao) only',
  lark: 'Feishu / Lark only',
  baidu: 'Baidu only',
  qq: 'QQ only',
  dingtalk: 'DingTalk only',
  kuaishou: 'Kuaishou only',
  jd: 'JD only',
  xiaohongshu: 'Xiaohongshu only',
  extras: 'opt-in plugins of the `use` option (standalone)',
}

/**
 * How each adapter is built into an app: the framework's build-time platform constant (Taro and uni-app always
 * define one, and their adapters keep the one core entry it names), and that core entry.
 */
export const ADAPTER_BUILDS = {
  native: { core: 'miniprogram', build: '' },
  taro: { core: 'wechat', define: { 'process.env.TARO_ENV': '"weapp"' }, build: 'a Taro weapp build' },
  'uni-app': { core: 'wechat', define: { 'process.env.UNI_PLATFORM': '"mp-weixin"' }, build: 'a uni-app mp-weixin build' },
}

/** Peers that can be installed here; `source` is bundled with all their dependencies. */
const PEERS = [
  {
    id: 'peer:sentry-miniapp',
    name: 'sentry-miniapp',
    entry: 'esm/index.js (with @sentry/* 5.x)',
    source: keepAll(['sentry-miniapp']),
  },
  { id: 'peer:aegis-mp-sdk', name: 'aegis-mp-sdk', entry: 'lib/aegis.min.js (UMD)', source: keepAll(['aegis-mp-sdk']) },
  {
    id: 'peer:otlp-transformer',
    name: '@opentelemetry/otlp-transformer',
    entry: 'ProtobufLogsSerializer + ProtobufMetricsSerializer (with protobufjs/minimal, @opentelemetry/*)',
    source: `export { ProtobufLogsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer'\n`,
  },
  { id: 'peer:protobufjs-minimal', name: 'protobufjs', entry: 'protobufjs/minimal (runtime only, no messages)', source: `import pb from 'protobufjs/minimal'\nexport default pb\n` },
]

/** The entries that carry one platform each (the ≤ 0.95× reference target): every entry but these. */
export const MULTI_PLATFORM_ENTRIES = ['index', 'miniprogram', 'extras']

export async function measureSizes({ peers = true, reference = peers } = {}) {
  const rows = []
  const coreDist = join(root, 'core/dist')
  const coreVersion = version(join(root, 'core'))
  const coreEntries = JSON.parse(readFileSync(join(root, 'core/package.json'), 'utf8')).minimon.entries
  const coreSizes = {}
  for (const e of coreEntries) {
    const file = join(coreDist, `${e}.mjs`)
    if (!existsSync(file)) {
      rows.push({ id: `core:${e}`, kind: 'core', name: '@minimon/core', version: coreVersion, entry: e, missing: `core/dist/${e}.mjs not built (run pnpm build)` })
      continue
    }
    const m = await measure(keepAll([file]))
    coreSizes[e] = m
    rows.push({ id: `core:${e}`, kind: 'core', name: '@minimon/core', version: coreVersion, entry: e, note: PLATFORMS[e] || '', ...m })
  }

  const adaptersDir = join(root, 'adapters')
  const adapterNames = existsSync(adaptersDir) ? readdirSync(adaptersDir).sort() : []
  for (const want of ['native', 'taro', 'uni-app']) if (!adapterNames.includes(want)) adapterNames.push(want)
  for (const a of adapterNames.sort()) {
    const dir = join(adaptersDir, a)
    const file = join(dir, 'dist/index.mjs')
    const pkgFile = join(dir, 'package.json')
    const pkg = existsSync(pkgFile) ? JSON.parse(readFileSync(pkgFile, 'utf8')) : { name: `@minimon/${a}` }
    const row = { id: `adapter:${a}`, kind: 'adapter', name: pkg.name, version: pkg.version, entry: 'index' }
    if (!existsSync(file)) {
      rows.push({ ...row, missing: existsSync(dir) ? `adapters/${a}/dist/index.mjs not built` : `adapters/${a} does not exist yet` })
      continue
    }
    const deps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })
    const external = [...deps, ...deps.map((d) => `${d}/*`)]
    const how = ADAPTER_BUILDS[a] || { core: 'index', build: '' }
    const m = await measure(keepAll([file]), { external, define: how.define })
    // The other way: adapter and the core entry its build keeps, bundled together, minus that entry alone.
    const peersOnly = external.filter((d) => !d.startsWith('@minimon/core'))
    const coreAlone = coreSizes[how.core]
    let together
    try {
      const both = await measure(keepAll([join(coreDist, how.core + '.mjs'), file]), { external: peersOnly, resolveDir: dir, define: how.define })
      together = coreAlone ? { min: both.min - coreAlone.min, gzip: both.gzip - coreAlone.gzip, total: both, core: how.core } : undefined
    } catch (e) {
      together = undefined
    }
    const note = 'on top of core (core + peers external)' + (how.build ? ', as ' + how.build + ' bundles it' : '')
    rows.push({ ...row, note, ...m, together })
  }

  if (peers) {
    for (const p of PEERS) {
      const v = pkgVersion(p.name)
      try {
        rows.push({ id: p.id, kind: 'peer', name: p.name, version: v, entry: p.entry, ...(await measure(p.source)) })
      } catch (e) {
        rows.push({ id: p.id, kind: 'peer', name: p.name, version: v, entry: p.entry, missing: 'not bundleable: ' + String(e.message || e).split('\n')[0] })
      }
    }
  }
  if (reference) {
    const info = referenceInfo()
    const row = { id: 'reference', kind: 'reference', name: 'mini-program-monitor (reference SDK)', entry: 'index.mjs' }
    if (!info) rows.push({ ...row, missing: `${NOT_AVAILABLE}: ${REFERENCE_DIR} is absent` })
    else rows.push({ ...row, version: info.version + (info.commit ? ` (${info.commit})` : ''), note: 'bundled exactly as core\'s entries', ...(await measure(keepAll([REFERENCE_ENTRY]))) })
  }
  return rows
}

/** min+gzip of a core row ÷ the reference's, or undefined when either is missing. */
export function referenceRatio(rows, id) {
  const r = rows.find((x) => x.id === id)
  const ref = rows.find((x) => x.id === 'reference')
  return r && ref && !r.missing && !ref.missing ? r.gzip / ref.gzip : undefined
}

export function sizeTable(rows, budgets = {}) {
  const withRef = rows.some((r) => r.id === 'reference')
  const lines = [`| package | entry | min | min+gzip | budget | status |${withRef ? ' ÷ reference |' : ''} note |`, `|---|---|---:|---:|---:|---|${withRef ? '---:|' : ''}---|`]
  for (const r of rows) {
    const ratio = referenceRatio(rows, r.id)
    const refCell = withRef ? ` ${r.kind === 'core' && r.entry !== 'extras' && ratio !== undefined ? ratio.toFixed(2) + '×' : ''} |` : ''
    const b = budgets[r.id]
    const name = r.version ? `${r.name} ${r.version}` : r.name
    if (r.missing) {
      lines.push(`| ${name} | ${r.entry} | – | – | ${b ? b.toFixed(1) + ' KB' : ''} | skipped |${refCell} ${r.missing} |`)
      continue
    }
    const status = b ? (r.gzip / 1024 <= b ? 'pass' : `**FAIL** (+${(r.gzip / 1024 - b).toFixed(2)} KB)`) : ''
    const extra = r.together
      ? `; bundled with core \`${r.together.core}\`, minus that entry alone: ${(r.together.gzip / 1024).toFixed(2)} KB (together ${(r.together.total.gzip / 1024).toFixed(2)} KB)`
      : ''
    lines.push(
      `| ${name} | ${r.entry} | ${(r.min / 1024).toFixed(2)} KB | **${(r.gzip / 1024).toFixed(2)} KB** | ${b ? '≤ ' + b.toFixed(1) + ' KB' : ''} | ${status} |${refCell} ${r.note || ''}${extra} |`,
    )
  }
  return lines.join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await measureSizes()
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2))
  else {
    const budgets = JSON.parse(readFileSync(join(bench, 'budgets.json'), 'utf8')).size
    console.log(sizeTable(rows, budgets))
  }
}
