import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { base64 } from '../src/util/base64'
import { matchesUrl, parseUrl, stripQuery } from '../src/util/url'

describe('base64 of UTF-8 (no btoa)', () => {
  it('equals Node Buffer for any string, padding included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(base64(s)).toBe(Buffer.from(s, 'utf8').toString('base64'))
      }),
      { numRuns: 2000 },
    )
  })

  it('handles the padding cases and non-ASCII names', () => {
    expect(base64('a')).toBe('YQ==')
    expect(base64('ab')).toBe('YWI=')
    expect(base64('abc')).toBe('YWJj')
    expect(Buffer.from(base64('商城-小程序'), 'base64').toString('utf8')).toBe('商城-小程序')
  })
})

describe('URL parsing without the URL global', () => {
  it('takes host, port, peer and path, and drops query and fragment', () => {
    expect(parseUrl('https://API.example.com/users/42?token=secret#x')).toEqual({
      origin: 'https://api.example.com',
      host: 'api.example.com',
      port: 443,
      peer: 'api.example.com',
      path: '/users/42',
    })
    expect(parseUrl('http://127.0.0.1:4318/v1/logs')).toMatchObject({ host: '127.0.0.1', port: 4318, peer: '127.0.0.1:4318', path: '/v1/logs' })
    expect(parseUrl('https://user:pw@[::1]:8443?q=1')).toMatchObject({ host: '[::1]', port: 8443, path: '/' })
    expect(stripQuery('https://a.b/c?d=1#e')).toBe('https://a.b/c')
  })

  it('matches host strings (and parent domains) and RegExps on the URL', () => {
    const u = 'https://api.shop.example.com/orders?x=1'
    expect(matchesUrl(['shop.example.com'], u, 'api.shop.example.com')).toBe(true)
    expect(matchesUrl(['api.shop.example.com'], u, 'api.shop.example.com')).toBe(true)
    expect(matchesUrl(['example.org'], u, 'api.shop.example.com')).toBe(false)
    expect(matchesUrl(['op.example.com'], u, 'api.shop.example.com')).toBe(false)
    expect(matchesUrl([/\/orders/], u, 'api.shop.example.com')).toBe(true)
    expect(matchesUrl([], u, 'api.shop.example.com')).toBe(false)
  })
})
