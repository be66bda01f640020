#!/usr/bin/env node
// Symbolication in the collector (@minimon/collector's Symbolicator, playground/collector/dist), on a merged
// WeChat bundle of realistic size: a vendor file (@opentelemetry/otlp-transformer + protobufjs bundled and
// minified by esbuild, with its map and sourcesContent) and a page, each compiled again and concatenated into
// app-service.js with an index map (sections), as WeChat's tools package a mini program. Stacks of 10 V8 frames
// at positions taken from the vendor's mappings, printed against app-service.js. Figures:
//   - warm: ms per frame with every map parsed (the collector's steady state) → frames per second
//   - cold: the first stack of a fresh Symbolicator (reads and parses WeChat's map and the vendor's)
//
//   node bench/speed/symbolicate.mjs [--json] [--quick]
import { build, transform } from 'esbuild'
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { main } from '../lib/cli.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const collectorDist = join(here, '../../playground/collector/dist/index.mjs')

async function fixture(dir) {
  const vendor = await build({
    stdin: { contents: "export * from '@opentelemetry/otlp-transformer'; export * as pb from 'protobufjs/minimal'", resolveDir: join(here, '..') },
    bundle: true, minify: true, format: 'cjs', platform: 'node', write: false,
    sourcemap: 'external', sourcesContent: true, outfile: join(dir, 'common/vendor.js'), logLevel: 'silent',
  })
  const code = vendor.outputFiles.find((f) => f.path.endsWith('.js')).text.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n')
  const map = vendor.outputFiles.find((f) => f.path.endsWith('.map')).text
  mkdirSync(join(dir, 'common'), { recursive: true })
  writeFileSync(join(dir, 'common/vendor.js.map'), map)
  const files = [['common/vendor.js', code], ['pages/index/index.js', 'var a=require("common/vendor.js");Page({onLoad(){a.pb.util.isString(1)}});\n']]
  let out = 'var __wxAppCode__={};\n'
  const sections = []
  const lines = []
  let line = 1
  for (const [path, src] of files) {
    const t = await transform(src, { sourcefile: path, sourcemap: 'external', minifyWhitespace: true, loader: 'js' })
    const head = `define("${path}",function(require,module,exports){`
    const body = t.code.replace(/\n+$/, '').replace(/\n/g, ' ')
    sections.push({ offset: { line, column: head.length }, map: JSON.parse(t.map) })
    lines.push({ path, line: line + 1, start: head.length, length: body.length })
    out += head + body + '});\n'
    line++
  }
  mkdirSync(join(dir, '__APP__'), { recursive: true })
  writeFileSync(join(dir, '__APP__/app-service.js.map'), JSON.stringify({ version: 3, file: 'app-service.js', sections }))
  return { vendorLine: lines[0], vendorBytes: code.length, mapBytes: map.length, wechatMapBytes: statSync(join(dir, '__APP__/app-service.js.map')).size }
}

export async function run({ quick = false } = {}) {
  const { Symbolicator } = await import(pathToFileURL(collectorDist).href)
  const dir = mkdtempSync(join(tmpdir(), 'minimon-bench-maps-'))
  try {
    const f = await fixture(dir)
    // deterministic positions spread over the vendor line
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32)
    const stack = () => 'Error: boom\n' + Array.from({ length: 10 }, (_, i) =>
      `    at f${i} (https://usr/app-service.js:${f.vendorLine.line}:${f.vendorLine.start + 1 + Math.floor(rnd() * f.vendorLine.length)})`).join('\n')
    const stacks = Array.from({ length: 200 }, stack)

    const warm = new Symbolicator(dir, { rootFallback: true })
    const check = warm.symbolicate(stacks[0])
    if (check.resolved < 8) throw new Error(`only ${check.resolved} of 10 frames resolved:\n${check.text}`)
    const rounds = quick ? 5 : 15
    const warmWall = []
    const warmCpu = []
    for (let r = 0; r < rounds; r++) {
      const c0 = process.cpuUsage()
      const t0 = process.hrtime.bigint()
      let n = 0
      for (const s of stacks) n += warm.symbolicate(s).frames.length
      const t1 = process.hrtime.bigint()
      const c1 = process.cpuUsage(c0)
      warmWall.push(Number(t1 - t0) / 1e6 / n)
      warmCpu.push((c1.user + c1.system) / 1000 / n)
    }
    const coldWall = []
    const coldCpu = []
    for (let r = 0; r < (quick ? 5 : 12); r++) {
      const s = new Symbolicator(dir, { rootFallback: true })
      const c0 = process.cpuUsage()
      const t0 = process.hrtime.bigint()
      s.symbolicate(stacks[r])
      const t1 = process.hrtime.bigint()
      const c1 = process.cpuUsage(c0)
      coldWall.push(Number(t1 - t0) / 1e6)
      coldCpu.push((c1.user + c1.system) / 1000)
    }
    const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]
    return {
      figures: {
        'warm.perFrame': { unit: 'ms', wall: warmWall, cpu: warmCpu },
        'cold.firstStack': { unit: 'ms', wall: coldWall, cpu: coldCpu },
      },
      info: {
        framesPerSecondWarm: Math.round(1000 / median(warmWall)),
        vendorBytes: f.vendorBytes,
        vendorMapBytes: f.mapBytes,
        wechatMapBytes: f.wechatMapBytes,
        framesPerStack: 10,
      },
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main(import.meta.url, run)
