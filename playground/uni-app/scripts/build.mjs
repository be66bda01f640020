#!/usr/bin/env node
// Builds the demo for every target (or those named): `node scripts/build.mjs [mp-weixin] [mp-alipay] [h5] [mp-toutiao]
// [mp-lark] [mp-baidu] [mp-qq] [mp-kuaishou] [mp-jd] [mp-xhs]`.
// Output: dist/build/<target>. The collector URL is MINIMON_COLLECTOR (default http://127.0.0.1:4318).
import { buildTarget, TARGETS } from './targets.mjs'

const wanted = process.argv.slice(2)
for (const t of wanted.length ? wanted : TARGETS) {
  const ms = await buildTarget(t, { collector: process.env.MINIMON_COLLECTOR })
  console.log(`built ${t} in ${ms} ms`)
}
