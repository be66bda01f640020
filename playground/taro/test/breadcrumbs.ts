// What led to an error, as the error log carries it (`minimon.breadcrumbs`), for the playground's journeys on
// every mini-program build: the taps (Taro's `eh` dispatcher with the element's id, through core's
// tapBreadcrumbs()), the navigations and the requests before the error.
import { expect } from 'vitest'

type Log = { attributes: Record<string, unknown> }

/** The breadcrumbs of an error log, oldest first, as `type message`. */
export const crumbsOf = (log: Log): string[] =>
  (JSON.parse(String(log.attributes['minimon.breadcrumbs'])) as [number, string, string][]).map(([, type, message]) => type + ' ' + message)

/**
 * The error of the "Throw in handler" tap, after the user opened Requests, tapped GET 200 (and maybe more),
 * went back and opened Errors: at least `taps` taps, the three navigations, the answered request, and the
 * throwing tap last.
 */
export function expectTapsNavigationsRequests(seen: string[], taps: number): void {
  // (Taro's templates give each element its node id as `data-sid`: the dataset key, never its value)
  expect(seen.filter((s) => /^tap eh #\S+ \[sid\]$/.test(s)).length).toBeGreaterThanOrEqual(taps)
  expect(seen).toContain('nav Load pages/index/index > pages/requests/index')
  expect(seen).toContain('nav Show pages/requests/index > pages/index/index')
  expect(seen).toContain('nav Load pages/index/index > pages/errors/index')
  expect(seen.some((s) => /^request GET \S+ 200 \d+ms$/.test(s))).toBe(true)
  // the navigations and requests in the order they happened
  const at = (re: RegExp) => seen.findIndex((s) => re.test(s))
  expect(at(/^nav Load \S+ > pages\/requests\/index$/)).toBeLessThan(at(/^request GET \S+ 200 /))
  expect(at(/^request GET \S+ 200 /)).toBeLessThan(at(/^nav Show pages\/requests\/index > /))
  expect(at(/^nav Show pages\/requests\/index > /)).toBeLessThan(at(/^nav Load \S+ > pages\/errors\/index$/))
  expect(seen[seen.length - 1]).toMatch(/^tap eh #/)
}
