import type { Config } from '../config'
import type { Attributes, Breadcrumb, LogEvent } from '../types'

/** Bounded text: at most 200 characters, anything else as a string. */
export const short = (v: unknown) => String(v).slice(0, 200)

/**
 * What leads to an error: the ring of breadcrumbs (at most `maxBreadcrumbs`, the oldest go first; each
 * message at most 200 characters, so the ring holds at most 20,000 characters of text, 4,000 by default),
 * and what each log and segment carries besides (`session.id`, `enduser.id`).
 */
export function createContext(cfg: Config) {
  // a ring: the n-th breadcrumb is at n % max, none moves
  let ring: Breadcrumb[] = []
  let n = 0
  const max = cfg.maxBreadcrumbs
  const ctx = {
    /** What every log and segment carries: `session.id`, and `enduser.id` while the app has set a user. */
    tags: {} as Record<string, string>,
    /** 1 given, 0 not asked yet (kept in memory only), -1 refused (nothing is kept). */
    consent: 1,
    /** Keeps a breadcrumb as it is (nothing is formatted until an error happens). Never throws. */
    add(type: string, message: string) {
      if (!max || ctx.consent < 0) return
      // (the monitor's own messages are shorter than 200 characters: routes, URL groups)
      let c: Breadcrumb = { type, message, time: Date.now() }
      if (cfg.beforeBreadcrumb)
        try {
          // null (or nothing) drops it; what is kept is bounded as well
          if (!(c = cfg.beforeBreadcrumb(c)!)) return
          c.message = short(c.message)
        } catch (e) {
          return
        }
      ring[n++ % max] = c
    },
    clear() {
      ring = []
      n = 0
    },
    /**
     * The attributes of an error log at `time`: `a` copied, with `session.id`, `enduser.id` and the
     * breadcrumbs as `minimon.breadcrumbs`: a JSON array, oldest first, of `[t, type, message]`, `t` the ms
     * relative to the error (negative or 0).
     */
    attributes(a: Attributes | undefined, time: number): Attributes {
      const o: Attributes = {}
      for (const x of [a, ctx.tags]) for (const k in x) o[k] = x![k]
      // oldest first: from the slot the next one will take
      if (n) o['minimon.breadcrumbs'] = JSON.stringify(ring.slice(n % max).concat(ring.slice(0, n % max)).map((c) => [c.time - time, c.type, c.message]))
      return o
    },
  }
  return ctx as typeof ctx & {
    /** Queues a log of a plugin's own (set by the monitor). */
    push(e: LogEvent): void
  }
}

export type Context = ReturnType<typeof createContext>
