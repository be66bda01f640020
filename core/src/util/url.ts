/** The parts of a URL the monitor records. No URL global: it is missing in mini program runtimes. */
export interface UrlParts {
  /** scheme://host[:port] */
  origin: string
  host: string
  /** Explicit port, or the scheme's default; 0 when unknown. */
  port: number
  /** host[:port] exactly as written, for SkyWalking's `peer`. */
  peer: string
  /** Path without query string or fragment. */
  path: string
}

// A backslash ends the host as a slash does: platforms parse URLs as WHATWG does (`https://evil.com\\.api.test/`
// goes to evil.com), and a host read past it would pass `tracing.propagateTo` for a host it is not. Without
// `//` (a relative URL, `not a url`) it still matches: all of it up to `?` or `#` is the path.
const URL_RE = /^(?:([a-z][a-z0-9+.-]*:)?\/\/([^/?#@\\]*@)?(\[[^\]]*\]|[^/?#:\\]*)(?::(\d+))?)?([^?#]*)/i

export function parseUrl(url: string): UrlParts {
  const m = URL_RE.exec(url)!
  const scheme = (m[1] || '').toLowerCase()
  const host = (m[3] || '').toLowerCase()
  const port = m[4] ? +m[4] : scheme === 'https:' ? 443 : scheme === 'http:' ? 80 : 0
  const peer = m[4] ? host + ':' + m[4] : host
  return { origin: m[3] === undefined ? '' : scheme + '//' + peer, host, port, peer, path: m[5] || '/' }
}

// module-level: a regex literal inside a function is a new object on every call
const QUERY = /[?#][\s\S]*/

/** A URL without its query string and fragment: what may leave the device by default. */
export function stripQuery(url: string): string {
  return url.replace(QUERY, '')
}

/** Whether a string pattern occurs in `text`, or a RegExp matches it. */
export function occurs(patterns: readonly (string | RegExp)[], text: string): boolean {
  // index loops on the paths of every error and request: without a JIT (iOS) a for…of or a callback per
  // item costs a call and an object each
  for (let i = patterns.length; i--; ) {
    const p = patterns[i]
    if (typeof p === 'string' ? text.indexOf(p) >= 0 : text.search(p) >= 0) return true
  }
  return false
}

/** A string matches a URL's host (exactly, or as a parent domain); a RegExp matches the whole URL. */
export type UrlPattern = string | RegExp

export function matchesUrl(patterns: readonly UrlPattern[], url: string, host: string): boolean {
  for (const p of patterns) {
    if (typeof p === 'string') {
      const h = p.toLowerCase()
      if (host === h || host.slice(-h.length - 1) === '.' + h) return true
      // a URL prefix: of the URL as sent (user info gone), ending where a host, port or path segment ends
      if (p.indexOf('/') >= 0) {
        const u = parseUrl(url)
        const sent = u.origin + u.path
        if (sent.indexOf(p) === 0 && /^([/:?#]|$)/.test(p.slice(-1) === '/' ? '' : sent.slice(p.length))) return true
      }
    } else if (url.search(p) >= 0) return true
  }
  return false
}

// leading slashes, and a query or fragment: one pass (global: `replace` starts it from 0 every time)
const ROUTE_EXTRA = /^\/+|[?#][\s\S]*/g

/** A page route as every signal carries it: no leading slash, no query or fragment, at most 150 characters. */
export function normalizeRoute(route: unknown): string {
  return typeof route === 'string' ? route.replace(ROUTE_EXTRA, '').slice(0, 150) : ''
}
