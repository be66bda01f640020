import { describe, expect, it } from 'vitest'
import { createSim, SimStorage } from '../src/index'

describe('WeChat storage', () => {
  it('returns a fresh copy of JSON data and "" for a missing key', () => {
    const wx = createSim({ platform: 'wechat' }).api
    const value = { list: [1, 2], nested: { a: 'b' } }
    wx.setStorageSync('k', value)
    value.list.push(3)
    const read = wx.getStorageSync('k')
    expect(read).toEqual({ list: [1, 2], nested: { a: 'b' } })
    read.list.push(9)
    expect(wx.getStorageSync('k').list).toEqual([1, 2])
    expect(wx.getStorageSync('missing')).toBe('')
  })

  it('refuses values JSON cannot represent', () => {
    const wx = createSim({ platform: 'wechat' }).api
    const cyclic: any = {}
    cyclic.self = cyclic
    expect(() => wx.setStorageSync('c', cyclic)).toThrow(/^setStorageSync:fail /)
    expect(() => wx.setStorageSync('u', undefined)).toThrow(/^setStorageSync:fail /)
    expect(() => wx.setStorageSync('b', 10n)).toThrow(/^setStorageSync:fail /)
    expect(() => wx.setStorageSync(42, 'x')).toThrow('setStorageSync:fail parameter error: parameter.key should be String instead of Number;')
  })

  it('throws past 1 MB for one key and past 10 MB in total, keeping the old value', () => {
    const wx = createSim({ platform: 'wechat' }).api
    const justUnder = 'x'.repeat(1024 * 1024 - 2) // plus two quotes = 1 MB exactly
    wx.setStorageSync('big', justUnder)
    expect(() => wx.setStorageSync('big', justUnder + 'y')).toThrow('setStorageSync:fail exceed storage item max length')
    expect(wx.getStorageSync('big')).toBe(justUnder)
    for (let i = 1; i < 10; i++) wx.setStorageSync(`big${i}`, justUnder)
    expect(wx.getStorageInfoSync()).toEqual({ keys: expect.any(Array), currentSize: 10240, limitSize: 10240 })
    expect(() => wx.setStorageSync('one-more', 'x')).toThrow('setStorageSync:fail exceed storage max size 10Mb')
  })

  it('can be made to fail writes (full disk) and to have a smaller quota', () => {
    const sim = createSim({ platform: 'wechat' })
    sim.storage.failWrites = true
    expect(() => sim.api.setStorageSync('a', 1)).toThrow('setStorageSync:fail exceed storage max size 10Mb')
    sim.storage.failWrites = 'disk I/O error'
    expect(() => sim.api.setStorageSync('a', 1)).toThrow('setStorageSync:fail disk I/O error')
    sim.storage.failWrites = false
    sim.storage.limits = { total: 20 }
    sim.api.setStorageSync('a', '0123456789')
    expect(() => sim.api.setStorageSync('b', '0123456789')).toThrow(/exceed storage max size/)
  })

  it('has async getStorage/setStorage with callbacks or promises', async () => {
    const wx = createSim({ platform: 'wechat' }).api
    await expect(wx.setStorage({ key: 'a', data: [1] })).resolves.toEqual({ errMsg: 'setStorage:ok' })
    await expect(wx.getStorage({ key: 'a' })).resolves.toEqual({ data: [1], errMsg: 'getStorage:ok' })
    await expect(wx.getStorage({ key: 'nope' })).rejects.toEqual({ errMsg: 'getStorage:fail data not found' })
    const res = await new Promise((resolve) => wx.getStorage({ key: 'a', success: resolve }))
    expect(res).toEqual({ data: [1], errMsg: 'getStorage:ok' })
  })

  it('survives kill and relaunch when the same SimStorage is passed on', () => {
    const first = createSim({ platform: 'wechat' })
    first.api.setStorageSync('queue', [{ id: 1 }])
    first.kill()
    const second = createSim({ platform: 'wechat', storage: first.storage })
    expect(second.api.getStorageSync('queue')).toEqual([{ id: 1 }])
    const restored = createSim({ platform: 'wechat', storage: SimStorage.import(first.storage.export()) })
    expect(restored.api.getStorageSync('queue')).toEqual([{ id: 1 }])
    expect(createSim({ platform: 'wechat' }).api.getStorageSync('queue')).toBe('')
  })
})

describe('Alipay storage', () => {
  it('uses { key, data } objects and returns { success, data }', () => {
    const my = createSim({ platform: 'alipay' }).api
    expect(my.setStorageSync({ key: 'k', data: { a: 1 } })).toEqual({ success: true })
    expect(my.getStorageSync({ key: 'k' })).toEqual({ success: true, data: { a: 1 } })
    expect(my.getStorageSync({ key: 'none' })).toEqual({ success: true, data: null })
    my.removeStorageSync({ key: 'k' })
    expect(my.getStorageSync({ key: 'k' }).data).toBeNull()
  })

  it('limits one value to 200 * 1024 characters and reports it without throwing', () => {
    const my = createSim({ platform: 'alipay' }).api
    expect(my.setStorageSync({ key: 'ok', data: 'x'.repeat(200 * 1024 - 2) }).success).toBe(true)
    const res = my.setStorageSync({ key: 'big', data: 'x'.repeat(200 * 1024) })
    expect(res.success).toBe(false)
    expect(typeof res.error).toBe('number')
    expect(res.errorMessage).toMatch(/exceed/)
    expect(my.getStorageSync({ key: 'big' }).data).toBeNull()
  })

  it('fails async setStorage through fail()', async () => {
    const sim = createSim({ platform: 'alipay' })
    sim.storage.failWrites = true
    const res: any = await new Promise((resolve) => sim.api.setStorage({ key: 'a', data: 1, fail: resolve }))
    expect(res.success).toBe(false)
    expect(res.errorMessage).toBe('exceed storage max size 10Mb')
  })
})
