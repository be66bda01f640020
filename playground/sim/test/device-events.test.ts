import { describe, expect, it } from 'vitest'
import { createSim } from '../src/index'

describe.each(['wechat', 'alipay'] as const)('%s network status and memory warnings', (platform) => {
  it('onNetworkStatusChange and onMemoryWarning listeners hear the device; off removes one', () => {
    const sim = createSim({ platform })
    const heard: unknown[] = []
    const network = (r: unknown) => heard.push(r)
    sim.api.onNetworkStatusChange(network)
    sim.api.onMemoryWarning((r: unknown) => heard.push(r))
    sim.networkChange(false)
    sim.networkChange(true, '4g')
    sim.memoryWarning(15)
    sim.api.offNetworkStatusChange(network)
    sim.networkChange(false)
    const type = (t: string) => (platform === 'alipay' ? t.toUpperCase() : t)
    expect(heard).toEqual([{ isConnected: false, networkType: type('none') }, { isConnected: true, networkType: type('4g') }, { level: 15 }])
  })
})
