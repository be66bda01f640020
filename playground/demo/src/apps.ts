// Which apps the demo plays. Every directory under playground/ except the tools is a candidate:
//  - with a `demo.mjs` (like playground/native), that module says how to build the app, the journey to
//    play and what it must deliver;
//  - otherwise, its compiled output is looked for at the usual places of Taro and uni-app builds
//    (dist/weapp, dist/build/mp-weixin, …) and played with a generic journey (every page of app.json,
//    a missing page, background and back, a stale link); apps without output are skipped with the reason.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { DemoApp, Expectation, JourneyApp, Platform, Skipped, Target } from './types'

/** Where framework builds put a mini program, per platform, relative to the playground directory. */
export const OUTPUT_DIRS: Partial<Record<Platform, string[]>> = {
  wechat: ['dist/weapp', 'dist/wechat', 'dist/build/mp-weixin', 'dist/dev/mp-weixin', 'dist/mp-weixin'],
  alipay: ['dist/alipay', 'dist/build/mp-alipay', 'dist/dev/mp-alipay', 'dist/mp-alipay'],
  // Taro's --type tt|swan|qq|jd and uni's -p mp-<x> outputs (docs/platforms.md)
  bytedance: ['dist/tt', 'dist/build/mp-toutiao', 'dist/dev/mp-toutiao'],
  lark: ['dist/build/mp-lark', 'dist/dev/mp-lark'],
  baidu: ['dist/swan', 'dist/build/mp-baidu', 'dist/dev/mp-baidu'],
  qq: ['dist/qq', 'dist/build/mp-qq', 'dist/dev/mp-qq'],
  kuaishou: ['dist/build/mp-kuaishou', 'dist/dev/mp-kuaishou'],
  jd: ['dist/jd', 'dist/build/mp-jd', 'dist/dev/mp-jd'],
  xiaohongshu: ['dist/build/mp-xhs', 'dist/dev/mp-xhs'],
}

const TOOLS = new Set(['demo', 'sim', 'collector'])
/** Known apps first, in this order; others follow alphabetically. */
const ORDER = ['native', 'taro', 'uni-app']

const isApp = (dir: string) => existsSync(join(dir, 'app.json'))

/** The compiled directories of a playground, one per platform found. */
export function findOutputs(dir: string): Target[] {
  const out: Target[] = []
  for (const platform of Object.keys(OUTPUT_DIRS) as Platform[]) {
    const hit = OUTPUT_DIRS[platform]!.map((d) => join(dir, d)).find(isApp)
    if (hit) out.push({ platform, dir: hit })
  }
  return out
}

/** The generic journey: every page of app.json, a missing page, the background and back, a stale link. */
export async function genericJourney(app: JourneyApp): Promise<void> {
  const config = JSON.parse(readFileSync(join(app.target.dir, 'app.json'), 'utf8'))
  const tabs: string[] = ((config.tabBar && (config.tabBar.list || config.tabBar.items)) || []).map((t: { pagePath: string }) => t.pagePath)
  const subPages: string[] = (config.subPackages || config.subpackages || []).flatMap((s: { root: string; pages: string[] }) =>
    (s.pages || []).map((p) => s.root.replace(/\/?$/, '/') + p),
  )
  const start = app.sim.currentPage()?.route
  const pages = [...(config.pages || []), ...subPages].filter((p: string) => p !== start).slice(0, 8)
  for (const page of pages) {
    app.step(`opens ${page}`)
    const tab = tabs.includes(page)
    const opened = await (tab ? app.sim.switchTab('/' + page) : app.sim.navigateTo('/' + page)).then(
      () => true,
      () => false,
    )
    await app.sim.idle()
    if (opened && !tab) {
      await app.sim.navigateBack().catch(() => undefined)
      await app.sim.idle()
    }
  }
  app.step('follows a link to a removed page')
  await app.sim.navigateTo('/pages/removed/index').catch(() => undefined)
  await app.sim.idle()
  app.step('switches to another app and back')
  await app.sim.hide()
  await app.sim.idle()
  await app.pause(200)
  await app.sim.show()
  await app.sim.idle()
  app.step('opens a stale share card: a cold start on a removed page')
  await app.coldStart({ path: 'pages/removed/index' })
}

/** What any app with a monitor must deliver from the generic journey. */
export const GENERIC_EXPECTS: Expectation[] = [
  { kind: 'gauge', name: 'miniprogram.app_launch.duration' },
  { kind: 'gauge', name: 'miniprogram.first_render.duration' },
]

async function fromModule(name: string, dir: string, file: string): Promise<DemoApp | string> {
  const m = await import(pathToFileURL(file).href)
  if (typeof m.journey !== 'function' || typeof m.prepare !== 'function') return `${file} exports no prepare() and journey()`
  return {
    name: typeof m.name === 'string' ? m.name : name,
    title: typeof m.title === 'string' ? m.title : name,
    dir,
    prepare: (o) => m.prepare(o),
    journey: (app) => m.journey(app),
    beforeLaunch: typeof m.beforeLaunch === 'function' ? (sim) => m.beforeLaunch(sim) : undefined,
    expects: Array.isArray(m.expects) ? m.expects : GENERIC_EXPECTS,
    startApiServer: typeof m.startApiServer === 'function' ? (o) => m.startApiServer(o) : undefined,
  }
}

function generic(name: string, dir: string): DemoApp {
  return {
    name,
    title: `${name} (compiled output, generic journey)`,
    dir,
    prepare: async () => findOutputs(dir),
    journey: genericJourney,
    expects: GENERIC_EXPECTS,
  }
}

/**
 * The apps under `<root>/playground`, in a stable order; `only` keeps those named. Apps that cannot be
 * played (no build output, a broken demo.mjs) come back in `skipped` with the reason.
 */
export async function discoverApps(root: string, only?: string[]): Promise<{ apps: DemoApp[]; skipped: Skipped[] }> {
  const base = join(root, 'playground')
  const names = readdirSync(base)
    .filter((n) => !TOOLS.has(n) && !n.startsWith('.') && statSync(join(base, n)).isDirectory())
    .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b))
  const apps: DemoApp[] = []
  const skipped: Skipped[] = []
  for (const name of names) {
    if (only && only.length && !only.includes(name)) continue
    const dir = join(base, name)
    const file = join(dir, 'demo.mjs')
    if (existsSync(file)) {
      try {
        const app = await fromModule(name, dir, file)
        if (typeof app === 'string') skipped.push({ name, reason: app })
        else apps.push(app)
      } catch (e) {
        skipped.push({ name, reason: `${file} failed to load: ${(e as Error).message}` })
      }
    } else if (findOutputs(dir).length) {
      apps.push(generic(name, dir))
    } else if (existsSync(join(dir, 'package.json'))) {
      skipped.push({ name, reason: `no compiled app yet (looked for ${Object.values(OUTPUT_DIRS).flat().join(', ')} with an app.json); build it first` })
    }
  }
  for (const wanted of only || []) {
    if (!names.includes(wanted)) skipped.push({ name: wanted, reason: `no playground/${wanted} directory` })
  }
  return { apps, skipped }
}
