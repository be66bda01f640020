// Finds the tap handler of an element in a page template, so sim.tap('#buy') works like a user's tap:
// the element with id "buy" (or the first with class "buy" for '.buy'), its bindtap / bind:tap /
// catchtap (WeChat) or onTap / catchTap (Alipay) method name, and its data-* attributes as dataset.
// Static attributes only: a handler or id written as {{expression}} cannot be resolved.

export interface TapTarget {
  id: string
  method: string
  dataset: Record<string, string>
}

const HANDLER_ATTRS = ['bindtap', 'bind:tap', 'catchtap', 'catch:tap', 'mut-bind:tap', 'capture-bind:tap', 'onTap', 'catchTap']

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
}

export function findTapTarget(template: string, selector: string): TapTarget | undefined {
  const wanted = selector.slice(1)
  const byId = selector.startsWith('#')
  for (const tag of template.matchAll(/<[\w-]+((?:\s+[\w:.-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*\/?>/g)) {
    const attrs: Record<string, string> = {}
    for (const a of tag[1].matchAll(/([\w:.-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?/g)) attrs[a[1]] = a[2] ?? a[3] ?? ''
    const hit = byId ? attrs.id === wanted : (attrs.class ?? '').split(/\s+/).includes(wanted)
    if (!hit) continue
    const handler = HANDLER_ATTRS.map((n) => attrs[n]).find((v) => v !== undefined)
    if (!handler || handler.includes('{{')) return undefined
    const dataset: Record<string, string> = {}
    for (const [k, v] of Object.entries(attrs)) if (k.startsWith('data-')) dataset[camel(k.slice(5))] = v
    return { id: attrs.id ?? '', method: handler, dataset }
  }
  return undefined
}
