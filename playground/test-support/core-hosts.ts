// Which of @minimon/core's platform hosts a built app carries: each host's code holds a string no other part
// of core (nor the frameworks' runtimes) has. Taro's and uni-app's builds should keep only the host of the
// platform they target.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const MARKERS = {
  wechat: 'thirdScript', // WeChat's wrapped onError text
  alipay: '10003', // SkyWalking's component id for Alipay
  web: 'sendBeacon', // the page-leave send
} as const

function scripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? scripts(join(dir, e.name)) : e.name.endsWith('.js') ? [readFileSync(join(dir, e.name), 'utf8')] : [],
  )
}

export function coreHostsIn(dir: string): string[] {
  const code = scripts(dir).join('\n')
  return Object.entries(MARKERS)
    .filter(([, marker]) => code.includes(marker))
    .map(([host]) => host)
}

const ENTRY_HOSTS = ['wechat', 'alipay', 'web', 'bytedance', 'lark', 'baidu', 'qq', 'dingtalk', 'kuaishou', 'jd', 'xiaohongshu']

/**
 * The hosts of the @minimon/core entry a built app carries, read from the entry's `createApi({ <platform>: host }, …)`
 * call as the bundlers leave it: `{qq:Jt},[` (webpack/terser: the host a named function) or `{qq:()=>…`,
 * `{bytedance:e=>…` (vite: the host inlined). The markers of coreHostsIn tell WeChat's shared quirks apart, which
 * every WeChat-shaped platform's host reuses; this names the entry itself.
 */
export function coreEntryHostsIn(dir: string): string[] {
  const code = scripts(dir).join('\n')
  const call = new RegExp(`\\{\\s*(${ENTRY_HOSTS.join('|')})\\s*:\\s*(?:[\\w$]+\\s*\\}\\s*,\\s*\\[|\\(?[\\w$,\\s]*\\)?\\s*=>|function\\b)`, 'g')
  return [...new Set([...code.matchAll(call)].map((m) => m[1]))].sort()
}
