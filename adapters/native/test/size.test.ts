// DESIGN.md budget: an adapter adds at most 1.5 KB min+gzip to the core an app already ships.
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM script without types
import { sizes } from '../scripts/size.mjs'

describe('size', () => {
  it('each entry adds at most 1.5 KB min+gzip on top of its core', async () => {
    const s = await sizes({ from: 'src' })
    for (const entry of ['index', 'wechat', 'alipay']) expect(s[entry].adapter.gzip, entry).toBeLessThanOrEqual(1536)
  })
})
