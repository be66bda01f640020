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
