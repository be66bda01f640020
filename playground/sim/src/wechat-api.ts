// The `wx` object: the APIs a monitoring SDK and typical app code touch, with WeChat's shapes:
// results carry errMsg "<api>:ok", failures { errMsg: "<api>:fail <reason>", errno }, sync storage
// throws, request succeeds for every HTTP status, listeners receive WeChat's argument shapes.

import { progress, startTransfer, type ApiContext } from './api-context'
import { settle, settleOrPromise, type Outcome } from './callbacks'
import { encodeRequest, findHeader, multipart, stringHeaders, toArrayBuffer } from './http-body'
import { Listeners } from './listeners'
import type { HttpFailure } from './network'
import type { NavResult } from './router'
import { StorageError } from './storage'
import { compareVersions, wechatAppBaseInfo, wechatDeviceInfo, wechatSystemInfo, wechatWindowInfo } from './system-info'
import type { Result } from './types'

/** errno of WeChat's public error-code table for the network failures the sim produces. */
const ERRNO: Record<string, number | undefined> = {
  timeout: 5,
  interrupted: 600003,
  network: 600001,
  invalid: 600009,
}

function failResult(api: string, e: HttpFailure): Result {
  const res: Result = { errMsg: `${api}:fail ${e.message}` }
  const errno = ERRNO[e.kind]
  if (errno !== undefined) res.errno = errno
  return res
}

function typeName(v: unknown): string {
  if (v === null) return 'Null'
  const t = typeof v
  return t.charAt(0).toUpperCase() + t.slice(1)
}

export function createWechatApi(ctx: ApiContext): Record<string, any> {
  const { rt } = ctx
  const storage = rt.storage
  const since = (v: string) => compareVersions(ctx.baseLibrary, v) >= 0
  const L = rt.listeners

  function checkKey(api: string, key: unknown): string {
    if (typeof key !== 'string') throw new Error(`${api}:fail parameter error: parameter.key should be String instead of ${typeName(key)};`)
    return key
  }

  function setStorageSync(key: unknown, data: unknown): void {
    const k = checkKey('setStorageSync', key)
    try {
      storage.write('wechat', k, data)
    } catch (e) {
      if (e instanceof StorageError) throw new Error(`setStorageSync:fail ${e.message}`)
      throw e
    }
  }

  function storageInfo(): Result {
    return {
      keys: storage.keys(),
      currentSize: Math.ceil(storage.usedBytes() / 1024),
      limitSize: Math.floor(storage.limitBytes('wechat') / 1024),
    }
  }

  /** Runs a synchronous body as an async API: its result or thrown message becomes the outcome. */
  function asyncApi(name: string, opts: any, body: () => Result): Promise<Result> | undefined {
    let outcome: Outcome
    try {
      outcome = { ok: true, res: { ...body(), errMsg: `${name}:ok` } }
    } catch (e) {
      const msg = (e as Error).message
      outcome = { ok: false, res: { errMsg: msg.startsWith(`${name}:fail`) ? msg : `${name}:fail ${msg}` } }
    }
    return settleOrPromise(rt, opts, Promise.resolve(outcome))
  }

  function nav(type: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch' | 'navigateBack', opts: any): Promise<Result> | undefined {
    const o = opts ?? {}
    const work: Promise<NavResult> = type === 'navigateBack' ? ctx.router.back(o.delta) : ctx.router.navigate(type, o.url)
    return settleOrPromise(
      rt,
      o,
      work.then((r) => {
        if (!r.ok) return { ok: false, res: { errMsg: `${type}:fail ${r.reason}` } }
        const res: Result = { errMsg: `${type}:ok` }
        if (type === 'navigateTo') res.eventChannel = { emit() {}, on() {}, once() {}, off() {} }
        return { ok: true, res }
      }),
    )
  }

  function request(opts: any): Record<string, unknown> {
    const o = opts ?? {}
    const method = String(o.method ?? 'GET').toUpperCase()
    const header = stringHeaders(o.header)
    if (!findHeader(header, 'content-type')) header['content-type'] = 'application/json'
    const { url, body } = encodeRequest(String(o.url ?? ''), method, header, o.data)
    const timeoutMs = Number(o.timeout) || ctx.networkTimeout().request || 60000
    const onHeaders = new Listeners<[Result]>()
    const task = startTransfer(ctx, { url, method, headers: header, body, timeoutMs }, {
      onHeaders: (statusCode, hdrs, cookies) => onHeaders.each((fn) => rt.callback(fn, { header: hdrs, statusCode, cookies })),
    })
    task.done.then(
      (res) => {
        let data: unknown
        if (o.responseType === 'arraybuffer') data = toArrayBuffer(res.body)
        else {
          data = res.body.toString('utf8')
          // dataType 'json' (the default) tries JSON.parse and keeps the text when that fails.
          if ((o.dataType ?? 'json') === 'json') {
            try {
              data = JSON.parse(data as string)
            } catch {
              // not JSON
            }
          }
        }
        settle(rt, o, { ok: true, res: { data, statusCode: res.status, header: res.headers, cookies: res.cookies, errMsg: 'request:ok' } })
      },
      (e: HttpFailure) => settle(rt, o, { ok: false, res: failResult('request', e) }),
    )
    return {
      abort: () => task.abort(),
      onHeadersReceived: (fn: unknown) => onHeaders.on(fn),
      offHeadersReceived: (fn?: unknown) => onHeaders.off(fn),
      onChunkReceived: () => {},
      offChunkReceived: () => {},
    }
  }

  function downloadFile(opts: any): Record<string, unknown> {
    const o = opts ?? {}
    const headers = stringHeaders(o.header)
    const timeoutMs = Number(o.timeout) || ctx.networkTimeout().downloadFile || 60000
    const onProgress = new Listeners<[Result]>()
    const onHeaders = new Listeners<[Result]>()
    const task = startTransfer(ctx, { url: String(o.url ?? ''), method: 'GET', headers, timeoutMs }, {
      onHeaders: (statusCode, hdrs) => onHeaders.each((fn) => rt.callback(fn, { header: hdrs, statusCode })),
      onDownloadProgress: (loaded, total) =>
        onProgress.each((fn) =>
          rt.callback(fn, { progress: progress(loaded, total), totalBytesWritten: loaded, totalBytesExpectedToWrite: Math.max(total, loaded) }),
        ),
    })
    task.done.then(
      (res) => {
        const out: Result = { statusCode: res.status, errMsg: 'downloadFile:ok' }
        if (typeof o.filePath === 'string') {
          ctx.files.saveAs(o.filePath, res.body)
          out.filePath = o.filePath
        } else out.tempFilePath = ctx.files.save(res.body, String(o.url))
        settle(rt, o, { ok: true, res: out })
      },
      (e: HttpFailure) => settle(rt, o, { ok: false, res: failResult('downloadFile', e) }),
    )
    return {
      abort: () => task.abort(),
      onProgressUpdate: (fn: unknown) => onProgress.on(fn),
      offProgressUpdate: (fn?: unknown) => onProgress.off(fn),
      onHeadersReceived: (fn: unknown) => onHeaders.on(fn),
      offHeadersReceived: (fn?: unknown) => onHeaders.off(fn),
    }
  }

  function uploadFile(opts: any): Record<string, unknown> {
    const o = opts ?? {}
    const onProgress = new Listeners<[Result]>()
    const onHeaders = new Listeners<[Result]>()
    let file: Buffer
    try {
      file = ctx.files.read(String(o.filePath))
    } catch {
      settle(rt, o, { ok: false, res: { errMsg: `uploadFile:fail file not found: ${o.filePath}` } })
      return { abort() {}, onProgressUpdate() {}, offProgressUpdate() {}, onHeadersReceived() {}, offHeadersReceived() {} }
    }
    const fileName = String(o.filePath).split('/').pop() || 'file'
    const { body, contentType } = multipart(String(o.name ?? 'file'), fileName, file, o.formData)
    const headers = { ...stringHeaders(o.header), 'content-type': contentType }
    const timeoutMs = Number(o.timeout) || ctx.networkTimeout().uploadFile || 60000
    const task = startTransfer(ctx, { url: String(o.url ?? ''), method: 'POST', headers, body, timeoutMs }, {
      onHeaders: (statusCode, hdrs) => onHeaders.each((fn) => rt.callback(fn, { header: hdrs, statusCode })),
      onUploadProgress: (sent, total) =>
        onProgress.each((fn) => rt.callback(fn, { progress: progress(sent, total), totalBytesSent: sent, totalBytesExpectedToSend: total })),
    })
    task.done.then(
      (res) => settle(rt, o, { ok: true, res: { data: res.body.toString('utf8'), statusCode: res.status, header: res.headers, errMsg: 'uploadFile:ok' } }),
      (e: HttpFailure) => settle(rt, o, { ok: false, res: failResult('uploadFile', e) }),
    )
    return {
      abort: () => task.abort(),
      onProgressUpdate: (fn: unknown) => onProgress.on(fn),
      offProgressUpdate: (fn?: unknown) => onProgress.off(fn),
      onHeadersReceived: (fn: unknown) => onHeaders.on(fn),
      offHeadersReceived: (fn?: unknown) => onHeaders.off(fn),
    }
  }

  const wx: Record<string, any> = {
    env: { USER_DATA_PATH: 'wxfile://usr' },
    request,
    downloadFile,
    uploadFile,

    getStorageSync: (key: unknown) => {
      const v = storage.read(checkKey('getStorageSync', key))
      return v === undefined ? '' : v
    },
    setStorageSync,
    removeStorageSync: (key: unknown) => storage.remove(checkKey('removeStorageSync', key)),
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: storageInfo,
    getStorage: (o: any) =>
      asyncApi('getStorage', o, () => {
        if (!storage.has(String(o?.key))) throw new Error('getStorage:fail data not found')
        return { data: storage.read(String(o.key)) }
      }),
    setStorage: (o: any) =>
      asyncApi('setStorage', o, () => {
        try {
          setStorageSync(o?.key, o?.data)
        } catch (e) {
          throw new Error((e as Error).message.replace('setStorageSync', 'setStorage'))
        }
        return {}
      }),
    removeStorage: (o: any) => asyncApi('removeStorage', o, () => (storage.remove(String(o?.key)), {})),
    clearStorage: (o: any) => asyncApi('clearStorage', o, () => (storage.clear(), {})),
    getStorageInfo: (o: any) => asyncApi('getStorageInfo', o, storageInfo),

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

    getSystemInfoSync: () => wechatSystemInfo(ctx.baseLibrary, ctx.systemInfo),
    getSystemInfo: (o: any) => asyncApi('getSystemInfo', o, () => wechatSystemInfo(ctx.baseLibrary, ctx.systemInfo)),
    getAccountInfoSync: () => ({
      miniProgram: {
        appId: ctx.appId,
        envVersion: ctx.envVersion,
        // Filled only in release builds.
        version: ctx.envVersion === 'release' ? ctx.appVersion : '',
      },
    }),
    getLaunchOptionsSync: () => ({ ...ctx.launchOptions() }),
    getEnterOptionsSync: () => ({ ...ctx.enterOptions() }),
    getNetworkType: (o: any) => asyncApi('getNetworkType', o, () => ({ networkType: 'wifi' })),
    onNetworkStatusChange: (fn: unknown) => L.networkStatusChange.on(fn),
    offNetworkStatusChange: (fn?: unknown) => L.networkStatusChange.off(fn),
    onMemoryWarning: (fn: unknown) => L.memoryWarning.on(fn),
    offMemoryWarning: (fn?: unknown) => L.memoryWarning.off(fn),
    // Runs after the current synchronous work (and its setData), before timers.
    nextTick: (fn: unknown) => void Promise.resolve().then(() => rt.call(fn, undefined)),
    canIUse: (name: unknown) => typeof name === 'string' && name.split('.')[0] in wx,
  }
  // The split system-info APIs exist from base library 2.20.1 (getSystemInfoSync is deprecated there).
  if (since('2.20.1')) {
    wx.getDeviceInfo = () => ({ ...wechatDeviceInfo(), ...pick(ctx.systemInfo, wechatDeviceInfo()) })
    wx.getWindowInfo = () => ({ ...wechatWindowInfo(), ...pick(ctx.systemInfo, wechatWindowInfo()) })
    wx.getAppBaseInfo = () => ({ ...wechatAppBaseInfo(ctx.baseLibrary), ...pick(ctx.systemInfo, wechatAppBaseInfo(ctx.baseLibrary)) })
    wx.getSystemSetting = () => ({ bluetoothEnabled: false, locationEnabled: true, wifiEnabled: true, deviceOrientation: 'portrait' })
    wx.getAppAuthorizeSetting = () => ({
      albumAuthorized: 'not determined',
      bluetoothAuthorized: 'not determined',
      cameraAuthorized: 'not determined',
      locationAuthorized: 'not determined',
      microphoneAuthorized: 'not determined',
      notificationAuthorized: 'authorized',
    })
  }
  if (ctx.perf) {
    const perfApi = ctx.perf.api()
    wx.getPerformance = () => perfApi
  }
  return wx
}

/** The overrides that belong to one of the split info objects. */
function pick(overrides: Record<string, unknown>, shape: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(overrides).filter(([k]) => k in shape))
}
