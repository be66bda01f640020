import { describe, expect, it } from 'vitest'
import { findTapTarget } from '../src/template-events'

describe('findTapTarget', () => {
  it('reads Alipay onTap and camel-cases data-* names', () => {
    const axml = `<view><button id="go" class="a b" onTap="handleGo" data-order-id="7" data-x='y'>Go</button></view>`
    expect(findTapTarget(axml, '#go')).toEqual({ id: 'go', method: 'handleGo', dataset: { orderId: '7', x: 'y' } })
    expect(findTapTarget(axml, '.b')?.method).toBe('handleGo')
  })

  it('returns undefined without a static handler', () => {
    expect(findTapTarget('<view id="v"></view>', '#v')).toBeUndefined()
    expect(findTapTarget('<view id="v" catchtap="{{fn}}"></view>', '#v')).toBeUndefined()
    expect(findTapTarget('<view id="v" catchtap="fn"></view>', '#w')).toBeUndefined()
  })
})
