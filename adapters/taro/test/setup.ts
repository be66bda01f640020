// Taro binds its API (Taro.navigateTo, Taro.request, …) to the `wx` object it finds when it starts. Each
// test boots a new sim, so `wx` is a stand-in that forwards to the sim of the running test.
import { createSim } from '@minimon/sim'
import { current } from './current'

const template = createSim({ platform: 'wechat' }).api
const api = () => (current.sim ? current.sim.api : template)

;(globalThis as any).wx = new Proxy(
  {},
  {
    get(_, key) {
      const target = api()
      const v = target[key as string]
      return typeof v === 'function' ? v.bind(target) : v
    },
    set(_, key, value) {
      api()[key as string] = value
      return true
    },
    has: (_, key) => key in api(),
    ownKeys: () => Reflect.ownKeys(template),
    getOwnPropertyDescriptor: (_, key) =>
      key in api() ? { configurable: true, enumerable: true, writable: true, value: api()[key as string] } : undefined,
  },
)

// Other globals Taro reads when it starts (the sim installs the real ones on launch).
const g = globalThis as any
for (const name of ['getCurrentPages', 'getApp']) if (typeof g[name] !== 'function') g[name] = (...args: unknown[]) => current.sim?.globals[name](...args)
