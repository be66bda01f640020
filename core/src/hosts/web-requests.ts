import type { RequestHooks } from '../signals/requests'
import { describe } from '../signals/errors'

type Any = any

const XHR_EVENTS = ['error', 'abort', 'timeout', 'loadend']
/** Only network requests are measured (not `data:` or `blob:` URLs). */
const HTTP = /^https?:/i

/**
 * Wraps `fetch` and `XMLHttpRequest` (open / setRequestHeader / send, on the prototype) so that `hooks`
 * see each request the page makes. Arguments reach the real call unchanged (a `Request` stays a
 * `Request`; only the trace header is added), `fetch` resolves or rejects with exactly what the real call
 * gave (the response body is never read or cloned), XHR handlers and properties are untouched. The
 * teardown restores what is still ours and turns the rest into pass-throughs.
 */
export function wrapWebRequests(w: Any, hooks: RequestHooks): () => void {
  let active = true
  const restores: (() => void)[] = []
  // the absolute URL of what the page asked for (relative to the document); throws on a malformed one
  const absolute = (url: unknown) => String(new w.URL(String(url), w.location.href))
  const report = (url: string, method: string, start: number, status: number, reason: string, extra: { context?: unknown } | undefined) => {
    try {
      hooks.end({ url, method, start, end: Date.now(), status, failed: !!reason, reason, context: extra && extra.context })
    } catch (e) {
      // never into the app
    }
  }
  const patch = (owner: Any, name: string, make: (original: Any) => Any) => {
    const original = owner[name]
    if (typeof original !== 'function') return
    const wrapper = make(original)
    owner[name] = wrapper
    restores.push(() => {
      if (owner[name] === wrapper) owner[name] = original
    })
  }

  patch(w, 'fetch', (original) =>
    function (this: unknown, input: Any, init?: Any) {
      let args: Any = arguments
      let done: ((status: number, reason: string) => void) | undefined
      try {
        const request = w.Request && input instanceof w.Request ? input : undefined
        const url = absolute(request ? request.url : input)
        if (active && HTTP.test(url) && !hooks.skip(url)) {
          const method = String((init && init.method) || (request ? request.method : 'GET')).toUpperCase()
          const start = Date.now()
          const extra = hooks.begin && hooks.begin(url, method)
          const add = extra && extra.headers
          if (add) {
            // init's headers replace the Request's own, as fetch itself does
            const headers = new w.Headers((init && init.headers) || (request && request.headers) || undefined)
            for (const k in add) if (!headers.has(k)) headers.set(k, add[k])
            args = [input, Object.assign({}, init, { headers })]
          }
          done = (status, reason) => report(url, method, start, status, reason, extra)
        }
      } catch (e) {
        args = arguments
      }
      const result = original.apply(this, args)
      if (!done || !result || typeof result.then !== 'function') return result
      // a new promise settling with the same response / reason, so an unhandled rejection stays unhandled
      return result.then(
        (response: Any) => {
          done!(response ? response.status : 0, '')
          return response
        },
        (error: unknown) => {
          done!(0, describe(error) || 'error')
          throw error
        },
      )
    },
  )

  const proto = w.XMLHttpRequest && w.XMLHttpRequest.prototype
  if (proto) {
    const state = new WeakMap<object, { url: string; method: string; own: boolean }>()
    let setHeader: Any
    patch(proto, 'open', (original) =>
      function (this: object, method: unknown, url: unknown) {
        try {
          if (active) state.set(this, { url: absolute(url), method: String(method).toUpperCase(), own: false })
        } catch (e) {
          // observe nothing rather than break the call
        }
        return original.apply(this, arguments)
      },
    )
    patch(proto, 'setRequestHeader', (original) => {
      setHeader = original
      return function (this: object, name: unknown) {
        const s = state.get(this)
        if (s && String(name).toLowerCase() === 'sw8') s.own = true
        return original.apply(this, arguments)
      }
    })
    patch(proto, 'send', (original) =>
      function (this: Any, _body?: unknown) {
        const xhr = this
        const s = state.get(xhr)
        try {
          if (active && s && xhr.readyState === 1 && HTTP.test(s.url) && !hooks.skip(s.url)) {
            const start = Date.now()
            const extra = hooks.begin && hooks.begin(s.url, s.method)
            const add = extra && extra.headers
            if (add && !s.own && setHeader) for (const k in add) setHeader.call(xhr, k, add[k])
            let reason = ''
            const on = (e: { type: string }) => {
              if (e.type !== 'loadend') return (reason = e.type)
              for (const t of XHR_EVENTS) xhr.removeEventListener(t, on)
              // opened again meanwhile: this answer belongs to another request
              if (state.get(xhr) !== s) return
              const status = +xhr.status || 0
              if (!status && !reason) reason = 'error'
              report(s.url, s.method, start, status, reason, extra)
            }
            for (const t of XHR_EVENTS) xhr.addEventListener(t, on)
          }
        } catch (e) {
          // the request goes out unobserved
        }
        return original.apply(xhr, arguments)
      },
    )
  }

  return () => {
    active = false
    restores.forEach((r) => r())
  }
}
