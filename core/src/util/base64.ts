// the base64 digit of 0..63: A-Z, a-z, 0-9, +, / (computed: a 64-character table gzips badly)
const digit = (c: number) => String.fromCharCode(c + (c < 26 ? 65 : c < 52 ? 71 : c < 62 ? -4 : c < 63 ? -19 : -16))

/**
 * Standard base64 (RFC 4648, with `=` padding) of the UTF-8 bytes of `s`, without `btoa` or `TextEncoder`
 * (missing on some devices). Lone surrogates become U+FFFD, as TextEncoder does.
 */
export function base64(s: string): string {
  // UTF-8 bytes as the char codes of a string: encodeURIComponent spells each byte of a non-ASCII char as %XX,
  // unescape (ECMAScript Annex B, in every engine mini programs run on) turns each %XX into that char code
  const b = unescape(encodeURIComponent(s.replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]/g, (c) => (c[1] ? c : '\ufffd'))))
  let out = ''
  for (let i = 0; i < b.length; i += 3) {
    // past the end charCodeAt gives NaN, which a shift turns into 0
    const n = (b.charCodeAt(i) << 16) | (b.charCodeAt(i + 1) << 8) | b.charCodeAt(i + 2)
    out += digit(n >> 18) + digit((n >> 12) & 63) + (i + 1 < b.length ? digit((n >> 6) & 63) : '=') + (i + 2 < b.length ? digit(n & 63) : '=')
  }
  return out
}
