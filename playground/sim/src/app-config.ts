// The parts of app.json the runtime needs: page list, subpackages, tab bar, network timeouts.
// WeChat writes `subpackages` or `subPackages` and `tabBar.list`; Alipay writes `tabBar.items`.

import { normaliseRoute } from './app-registry'

export interface SubPackage {
  root: string
  pages: string[]
}

export interface AppConfig {
  /** Every declared page route, main package first. */
  pages: string[]
  /** Main package pages only. */
  mainPages: string[]
  subPackages: SubPackage[]
  tabBar: string[]
  entryPagePath?: string
  networkTimeout: { request?: number; downloadFile?: number; uploadFile?: number }
  raw: Record<string, any>
}

export function parseAppConfig(json: Record<string, any>): AppConfig {
  const mainPages = (Array.isArray(json.pages) ? json.pages : []).map(normaliseRoute)
  const subs: any[] = json.subPackages ?? json.subpackages ?? []
  const subPackages = subs.map((s) => {
    const root = String(s.root ?? '').replace(/^\/+|\/+$/g, '')
    return { root, pages: (s.pages ?? []).map((p: string) => normaliseRoute(`${root}/${p}`)) }
  })
  const tabItems: any[] = json.tabBar?.list ?? json.tabBar?.items ?? []
  return {
    pages: [...mainPages, ...subPackages.flatMap((s) => s.pages)],
    mainPages,
    subPackages,
    tabBar: tabItems.map((t) => normaliseRoute(String(t.pagePath))),
    entryPagePath: json.entryPagePath ? normaliseRoute(json.entryPagePath) : undefined,
    networkTimeout: json.networkTimeout ?? {},
    raw: json,
  }
}

export function subPackageOf(config: AppConfig, route: string): SubPackage | undefined {
  return config.subPackages.find((s) => s.pages.includes(route))
}
