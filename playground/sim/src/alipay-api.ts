// The `my` object with Alipay's shapes: request takes `headers` and answers { data, status, headers };
// failures are { error: number, errorMessage }; HTTP status >= 400 goes to `fail` with error 19; storage
// calls take { key, data } objects and report problems in their return value instead of throwing.
// Error codes from the my.request docs: 11 no cross-domain permission, 12 network error, 13 timeout,
// 14 decode (JSON parse) failure, 19 HTTP error, 20 request stopped / rate-limited.

import { progress, startTransfer, type ApiContext } from './api-context'
import { settle, settleOrPromise, type Outcome } from './callbacks'
import { encodeRequest, findHeader, multipart, stringHeaders, toArrayBuffer } from './http-body'
import { Listeners } from './listeners'
import type { HttpFailure, HttpResponse } from './network'
import { StorageError } from './storage'
import { alipaySystemInfo } from './system-info'
import type { Result } from './types'

const FAIL: Record<string, { error: number; errorMessage?: string }> = {
  invalid: { error: 2 },
  network: { error: 12, errorMessage: '网络出错' },
  timeout: { error: 13, errorMessage: '请求超时' },
  // Not documented: the sim reports suspension as a network error with this message.
  interrupted: { error: 12, errorMessage: 'interrupted' },
  // 20 = "请求已被停止" in the error table.
  abort: { error: 20, errorMessage: 'request aborted' },
}

function failResult(e: HttpFailure): Result {
  const f = FAIL[e.kind] ?? { error: 12 }
  return { error: f.error, errorMessage: f.errorMessage ?? e.message }
}

/** Status >= 400 fails with error 19 but still carries status, headers and the body. */
function httpError(res: HttpResponse, data: unknown): Outcome {
  return { ok: false, res: { error: 19, errorMessage: 'http status error', status: res.status, headers: res.headers, data } }
}

export function createAlipayApi(ctx: ApiContext): Record<string, any> {
  const { rt } = ctx
  const storage = rt.storage
  const L = rt.listeners

  function request(opts: any, defaultType: string): Record<string, unknown> {
    const o = opts ?? {}
    const method = String(o.method ?? 'GET').toUpperCase()
    const headers = stringHeaders(o.headers)
    if (!findHeader(headers, 'content-type')) headers['content-type'] = defaultType
    const { url, body } = encodeRequest(String(o.url ?? ''), method, headers, o.data)
    const timeoutMs = Number(o.timeout) || ctx.networkTimeout().request || 30000
    const onHeaders = new Listeners<[Result]>()
    const task = startTransfer(ctx, { url, method, headers, body, timeoutMs }, {
      onHeaders: (status, hdrs) => onHeaders.each((fn) => rt.callback(fn, { headers: hdrs, status })),
    })
    task.done.then(
      (res) => settle(rt, o, decodeResponse(res, String(o.dataType ?? 'json').toLowerCase())),
      (e: HttpFailure) => settle(rt, o, { ok: false, res: failResult(e) }),
    )
    return {
      abort: () => task.abort(),
      onHeadersReceived: (fn: unknown) => onHeaders.on(fn),
      offHeadersReceived: (fn?: unknown) => onHeaders.off(fn),
    }
  }

  function decodeResponse(res: HttpResponse, dataType: string): Outcome {
    const text = res.body.toString('utf8')
    let data: unknown = text
    if (dataType === 'arraybuffer') data = toArrayBuffer(res.body)
    else if (dataType === 'base64') data = res.body.toString('base64')
    else if (dataType === 'json' && text !== '') {
      try {
        data = JSON.parse(text)
      } catch {
        if (res.status >= 400) return httpError(res, text)
        return { ok: false, res: { error: 14, errorMessage: 'JSON parse data error', status: res.status, headers: res.headers, data: text } }
      }
    }
    if (res.status >= 400) return httpError(res, data)
    return { ok: true, res: { data, status: res.status, headers: res.headers } }
  }

  function downloadFile(opts: any): Record<string, unknown> {
    const o = opts ?? {}
    const onProgress = new Listeners<[Result]>()
    const timeoutMs = Number(o.timeout) || ctx.networkTimeout().downloadFile || 60000
    const task = startTransfer(ctx, { url: String(o.url ?? ''), method: 'GET', headers: stringHeaders(o.header), timeoutMs }, {
      onDownloadProgress: (loaded, total) =>
        onProgress.each((fn) =>
          rt.callback(fn, { progress: progress(loaded, total), totalBytesWritten: loaded, totalBytesExpectedToWrite: Math.max(total, loaded) }),
        ),
    })
    task.done.then(
      (res) => {
        if (res.status >= 400) settle(rt, o, httpError(res, undefined))
        else settle(rt, o, { ok: true, res: { apFilePath: ctx.files.save(res.body, String(o.url)) } })
      },
      (e: HttpFailure) => settle(rt, o, { ok: false, res: failResult(e) }),
    )
    return {
      abort: () => task.abort(),
      onProgressUpdate: (fn: unknown) => onProgress.on(fn),
      offProgressUpdate: (fn?: unknown) => onProgress.off(fn),
    }
  }

  function uploadFile(opts: any): Record<string, unknown> {
    const o = opts ?? {}
    const onProgress = new Listeners<[Result]>()
    let file: Buffer
    try {
      file = ctx.files.read(String(o.filePath))
    } catch {
      // 11 = file not found in the uploadFile error table.
      settle(rt, o, { ok: false, res: { error: 11, errorMessage: '文件不存在' } })
      return { abort() {}, onProgressUpdate() {}, offProgressUpdate() {} }
    }
    const name = String(o.fileName ?? o.name ?? 'file')
    const { body, contentType } = multipart(name, String(o.filePath).split('/').pop() || 'file', file, o.formData)
    const headers = { ...stringHeaders(o.header ?? o.headers), 'content-type': contentType }
    const timeoutMs = Number(o.timeout) || ctx.networkTimeout().uploadFile || 60000
    const task = startTransfer(ctx, { url: String(o.url ?? ''), method: 'POST', headers, body, timeoutMs }, {
      onUploadProgress: (sent, total) =>
        onProgress.each((fn) => rt.callback(fn, { progress: progress(sent, total), totalBytesSent: sent, totalBytesExpectedToSend: total })),
    })
    task.done.then(
      (res) => settle(rt, o, { ok: true, res: { data: res.body.toString('utf8'), statusCode: res.status, header: res.headers } }),
      (e: HttpFailure) => settle(rt, o, { ok: false, res: failResult(e) }),
    )
    return {
      abort: () => task.abort(),
      onProgressUpdate: (fn: unknown) => onProgress.on(fn),
      offProgressUpdate: (fn?: unknown) => onProgress.off(fn),
    }
  }

  /** Storage problems come back as { success: false, error, errorMessage } (not verified on devices). */
  function setStorageSync(o: any): Result {
    if (typeof o?.key !== 'string' || o.key === '') return { success: false, error: 2, errorMessage: 'key must be a non-empty string' }
    try {
      storage.write('alipay', o.key, o.data)
      return { success: true }
    } catch (e) {
      if (e instanceof StorageError) return { success: false, error: e.reason === 'invalid' ? 2 : 15, errorMessage: e.message }
      throw e
    }
  }

  function getStorageSync(o: any): Result {
    const v = storage.read(String(o?.key))
    return { success: true, data: v === undefined ? null : v }
  }

  function storageInfo(): Result {
    return {
      keys: storage.keys(),
      currentSize: Math.ceil(storage.usedBytes() / 1024),
      limitSize: Math.floor(storage.limitBytes('alipay') / 1024),
    }
  }

  function asyncApi(opts: any, body: () => Result): Promise<Result> | undefined {
    const res = body()
    const ok = res.success !== false
    return settleOrPromise(rt, opts, Promise.resolve({ ok, res }))
  }

  function nav(type: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch' | 'navigateBack', opts: any): Promise<Result> | undefined {
    const o = opts ?? {}
    const work = type === 'navigateBack' ? ctx.router.back(o.delta) : ctx.router.navigate(type, o.url)
    return settleOrPromise(
      rt,
      o,
      work.then((r) => (r.ok ? { ok: true, res: { success: true } } : { ok: false, res: { error: 2, errorMessage: `${type}:fail ${r.reason}` } })),
    )
  }

  const my: Record<string, any> = {
    SDKVersion: ctx.baseLibrary,
    request: (o: any) => request(o, 'application/json'),
    // Legacy alias; its default content type differs.
    httpRequest: (o: any) => request(o, 'application/x-www-form-urlencoded'),
    downloadFile,
    uploadFile,

    getStorageSync,
    setStorageSync,
    removeStorageSync: (o: any) => (storage.remove(String(o?.key)), { success: true }),
    clearStorageSync: () => (storage.clear(), { success: true }),
    getStorageInfoSync: storageInfo,
    getStorage: (o: any) => asyncApi(o, () => getStorageSync(o)),
    setStorage: (o: any) => asyncApi(o, () => setStorageSync(o)),
    removeStorage: (o: any) => asyncApi(o, () => (storage.remove(String(o?.key)), { success: true })),
    clearStorage: (o: any) => asyncApi(o, () => (storage.clear(), { success: true })),
    getStorageInfo: (o: any) => asyncApi(o, storageInfo),

    onError: (fn: unknown) => L.error.on(fn),
    offError: (fn?: unknown) => L.error.off(fn),
    onUnhandledRejection: (fn: unknown) => L.unhandledRejection.on(fn),
    offUnhandledRejection: (fn?: unknown) => L.unhandledRejection.off(fn),
    onPageNotFound: (fn: unknown) => L.pageNotFound.on(fn),
    offPageNotFound: (fn?: unknown) => L.pageNotFound.off(fn),
    onAppShow: (fn: unknown) => L.appShow.on(fn),
    offAppShow: (fn?: unknown) => L.appShow.off(fn),
    onAppHide: (fn: unknown) => L.appHide.on(fn),
    offAppHide: (fn?: unknown) => L.appHide.off(fn),

    navigateTo: (o: any) => nav('navigateTo', o),
    redirectTo: (o: any) => nav('redirectTo', o),
    switchTab: (o: any) => nav('switchTab', o),
    reLaunch: (o: any) => nav('reLaunch', o),
    navigateBack: (o: any) => nav('navigateBack', o),

    getSystemInfoSync: () => alipaySystemInfo(ctx.baseLibrary, ctx.systemInfo),
    getSystemInfo: (o: any) => asyncApi(o, () => alipaySystemInfo(ctx.baseLibrary, ctx.systemInfo)),
    getAccountInfoSync: () => ({
      miniProgram: { appId: ctx.appId, envVersion: ctx.envVersion, version: ctx.envVersion === 'release' ? ctx.appVersion : '' },
    }),
    getAppIdSync: () => ({ appId: ctx.appId }),
    getLaunchOptionsSync: () => ({ ...ctx.launchOptions() }),
    getEnterOptionsSync: () => ({ ...ctx.enterOptions() }),
    getNetworkType: (o: any) => asyncApi(o, () => ({ networkAvailable: true, networkType: 'WIFI' })),
    onNetworkStatusChange: (fn: unknown) => L.networkStatusChange.on(fn),
    offNetworkStatusChange: (fn?: unknown) => L.networkStatusChange.off(fn),
    onMemoryWarning: (fn: unknown) => L.memoryWarning.on(fn),
    offMemoryWarning: (fn?: unknown) => L.memoryWarning.off(fn),
    canIUse: (name: unknown) => typeof name === 'string' && name.split('.')[0] in my,
  }
  return my
}
