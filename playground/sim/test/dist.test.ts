// The built package (run `node scripts/build.mjs @minimon/sim` first): both module formats work.
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

describe('dist', () => {
  it('exports createSim from the CommonJS and the ESM build', async () => {
    const cjs = createRequire(import.meta.url)('../dist/index.js')
    const esm = await import('../dist/index.mjs' as string)
    for (const mod of [cjs, esm]) {
      const sim = mod.createSim({ platform: 'wechat' })
      sim.api.setStorageSync('k', { v: 1 })
      expect(sim.api.getStorageSync('k')).toEqual({ v: 1 })
      expect(sim.storage).toBeInstanceOf(mod.SimStorage)
      sim.kill()
    }
  })
})
