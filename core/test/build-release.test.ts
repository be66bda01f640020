// The release and build id a build plugin stamps in (defines __MINIMON_RELEASE__ / __MINIMON_BUILD_ID__) go with
// every error: service.version and minimon.build.id on the resource. Bundles without them run the same.
import { afterEach, describe, expect, it } from 'vitest'
import { start, type Harness } from './harness'

const g = globalThis as { __MINIMON_RELEASE__?: unknown; __MINIMON_BUILD_ID__?: unknown }

describe('release and build id from the build plugins', () => {
  let h: Harness | undefined
  afterEach(async () => {
    delete g.__MINIMON_RELEASE__
    delete g.__MINIMON_BUILD_ID__
    await h?.close()
    h = undefined
  })

  it('reports the stamped release as service.version (and instance) and the build id, with no serviceVersion option', async () => {
    g.__MINIMON_RELEASE__ = '2.3.0'
    g.__MINIMON_BUILD_ID__ = '2.3.0-20260105-a1b2c3'
    h = await start('wechat', { serviceVersion: undefined })
    h.sim.throwInApp(new Error('boom'))
    await h.monitor.flush()
    expect(h.collector.logs).toHaveLength(1)
    expect(h.collector.logs[0].resource).toMatchObject({
      'service.version': '2.3.0',
      'service.instance.id': '2.3.0',
      'minimon.build.id': '2.3.0-20260105-a1b2c3',
    })
  })

  it('lets serviceVersion override the stamped release; the build id stays', async () => {
    g.__MINIMON_RELEASE__ = '2.3.0'
    g.__MINIMON_BUILD_ID__ = 'b-1'
    h = await start('alipay', { serviceVersion: '2.3.1-hotfix' })
    h.monitor.captureError(new Error('x'))
    await h.monitor.flush()
    expect(h.collector.logs[0].resource).toMatchObject({ 'service.version': '2.3.1-hotfix', 'minimon.build.id': 'b-1' })
  })

  it('sends neither without the defines (and ignores values that are not strings)', async () => {
    g.__MINIMON_BUILD_ID__ = 42
    h = await start('wechat', { serviceVersion: undefined })
    h.monitor.captureError(new Error('x'))
    await h.monitor.flush()
    const r = h.collector.logs[0].resource
    expect(r).not.toHaveProperty('service.version')
    expect(r).not.toHaveProperty('minimon.build.id')
  })
})
