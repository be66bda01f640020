// The registration globals a mini program calls: App, Page, Component, Behavior, getApp, getCurrentPages.
// While the loader runs a page's file it sets `registering`, so the Page()/Component() call made by that
// file binds to the page's route, as on the platforms. Test code without files can name the route itself:
// Page({ route: 'pages/x/x', ... }) or sim.registerPage(route, options).

import { markBehavior, type PageDefinition } from './page-instance'
import type { Runtime } from './runtime'
import type { Options, PageInstance } from './types'

export function normaliseRoute(route: string): string {
  return route.replace(/^\/+/, '').replace(/\.(js|ts)$/, '')
}

export class Registry {
  readonly pages = new Map<string, PageDefinition>()
  /** Components registered outside a page file (custom components): kept, never rendered. */
  readonly components: Options[] = []
  /** Route of the page file being evaluated, if any. */
  registering: string | undefined

  constructor(
    private readonly rt: Runtime,
    private readonly stack: () => PageInstance[],
  ) {}

  App = (options: Options): void => {
    if (!options || typeof options !== 'object') throw new TypeError('App() needs an options object')
    // getApp() returns the registered object itself, so frameworks' getters and prototypes survive.
    this.rt.app = options
  }

  Page = (options: Options): void => {
    const route = this.registering ?? (options?.route ?? options?.__route__)
    if (typeof route !== 'string') {
      throw new Error('Page() called outside a page file: pass { route } in the options or use sim.registerPage(route, options)')
    }
    this.registerPage(route, options, 'page')
  }

  Component = (options: Options): void => {
    if (this.registering) this.registerPage(this.registering, options ?? {}, 'component')
    else if (typeof options?.route === 'string') this.registerPage(options.route, options, 'component')
    else this.components.push(options ?? {})
  }

  Behavior = (options: Options): Options => markBehavior(options ?? {})

  getApp = (): Options | undefined => this.rt.app

  getCurrentPages = (): PageInstance[] => this.stack()

  registerPage(route: string, options: Options, kind: 'page' | 'component' = 'page'): void {
    const r = normaliseRoute(route)
    this.pages.set(r, { kind, route: r, options: options ?? {} })
  }
}
