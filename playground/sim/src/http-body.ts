// How both platforms turn a request's `data` into URL and body, and a response body into `data`.
// Rules (WeChat and Alipay document the same ones): GET -> data becomes a query string; other methods ->
// JSON body when the content type is JSON (the default), a query-string body for
// application/x-www-form-urlencoded; strings and ArrayBuffers are sent unchanged.

export function findHeader(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase())
  return key === undefined ? undefined : headers[key]
}

/** Header values must be strings on the wire. */
export function stringHeaders(input: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (input && typeof input === 'object') {
    for (const [k, v] of Object.entries(input as Record<string, unknown>)) if (v !== undefined && v !== null) out[k] = String(v)
  }
  return out
}

function queryValue(v: unknown): string {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)
}

export function toQueryString(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(queryValue(v))}`)
    .join('&')
}

function isBinary(data: unknown): data is ArrayBuffer | ArrayBufferView {
  return data instanceof ArrayBuffer || ArrayBuffer.isView(data)
}

function toBuffer(data: ArrayBuffer | ArrayBufferView): Buffer {
  return data instanceof ArrayBuffer ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}

export function encodeRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  data: unknown,
): { url: string; body?: Buffer } {
  if (data === undefined || data === null) return { url }
  if (method === 'GET') {
    if (isBinary(data)) return { url }
    const qs = typeof data === 'string' ? data : typeof data === 'object' ? toQueryString(data as Record<string, unknown>) : String(data)
    if (!qs) return { url }
    return { url: url + (url.includes('?') ? '&' : '?') + qs }
  }
  if (isBinary(data)) return { url, body: toBuffer(data) }
  if (typeof data === 'string') return { url, body: Buffer.from(data) }
  const type = (findHeader(headers, 'content-type') ?? '').toLowerCase()
  if (type.includes('application/x-www-form-urlencoded') && typeof data === 'object') {
    return { url, body: Buffer.from(toQueryString(data as Record<string, unknown>)) }
  }
  return { url, body: Buffer.from(JSON.stringify(data)) }
}

export function toArrayBuffer(buf: Buffer): ArrayBuffer {
  const ab = new ArrayBuffer(buf.length)
  new Uint8Array(ab).set(buf)
  return ab
}

/** multipart/form-data body for uploadFile. */
export function multipart(
  fieldName: string,
  fileName: string,
  file: Buffer,
  formData: Record<string, unknown> | undefined,
): { body: Buffer; contentType: string } {
  const boundary = `----SimFormBoundary${Math.random().toString(16).slice(2)}`
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(formData ?? {})) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${queryValue(v)}\r\n`))
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${fieldName}"; filename="${fileName}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
  )
  parts.push(file, Buffer.from(`\r\n--${boundary}--\r\n`))
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}
