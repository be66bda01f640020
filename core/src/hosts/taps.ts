import type { Plugin } from '../monitor'
import { short, type Context } from '../signals/context'

// The registration globals, by their bare names, as hosts/registration.ts reads them.
declare let Page: unknown
declare let Component: unknown

type Obj = Record<string, any>

/**
 * A tap as a breadcrumb: the handler, the element's id and the keys of its dataset (never a value), as
 * `onBuy #buy [sku,index]`. Written without an array or a copy: taps come in bursts.
 */
function tap(ctx: Context, handler: string, t: Obj) {
  let m = handler
  if (t.id) m += ' #' + t.id
  let keys = ''
  for (const k in t.dataset) keys += (keys ? ',' : '') + k
  if (keys) m += ' [' + keys + ']'
  ctx.add('tap', m.length > 200 ? short(m) : m)
}

// the lifecycle hooks the monitor wraps itself: left alone
const HOOKS = /^on(Launch|Load|Show|Ready|Hide|Unload)$/

/**
 * Taps as breadcrumbs (`tap`: the handler's name, `#id`, `[dataset keys]`; never input values), from the
 * event handlers of every page (`Page()`) and component (`Component()` methods) registered after `init`.
 * That covers native pages and components, and the compiled pages of Taro (its `eh` dispatcher): a handler
 * that receives a `tap` or `click` event says so, then runs as it is (its `this`, arguments and result).
 * Not seen: handlers bound on the instance at run time (uni-app's Vue 3 mini-program builds), and H5 builds.
 */
export const tapBreadcrumbs = (): Plugin => (ctx) => {
  const handlers = (target: Obj | undefined) => {
    for (const k in target)
      try {
        const f = target[k]
        if (typeof f == 'function' && !HOOKS.test(k))
          target[k] = function (this: unknown, e: Obj) {
            try {
              if (e && (e.type == 'tap' || e.type == 'click') && e.currentTarget) tap(ctx, k, e.currentTarget)
            } catch (x) {
              // never into the app
            }
            return f.apply(this, arguments)
          }
      } catch (e) {
        // frozen options stay as they are
      }
  }
  const registrar = (original: unknown, hooksOf: (o: Obj) => Obj | undefined) =>
    typeof original == 'function'
      ? function (this: unknown, options: Obj) {
          if (options && typeof options == 'object') handlers(hooksOf(options))
          return original.apply(this, arguments)
        }
      : undefined
  const page = typeof Page == 'function' ? Page : undefined
  const component = typeof Component == 'function' ? Component : undefined
  const ours = [registrar(page, (o) => o), registrar(component, (o) => o.methods)]
  try {
    if (ours[0]) Page = ours[0]
    if (ours[1]) Component = ours[1]
  } catch (e) {
    // read-only globals
  }
  return () => {
    try {
      if (ours[0] && Page === ours[0]) Page = page
      if (ours[1] && Component === ours[1]) Component = component
    } catch (e) {
      // never into the app
    }
  }
}
