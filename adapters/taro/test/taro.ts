// `@tarojs/taro` for the tests, as Taro's weapp build wires it: the platform runtime (reconciler, native
// APIs) and the React runtime (hooks) tap Taro's hook registry, then the API object is completed once.
// One ESM module, so the adapter, the test apps and Taro's runtime share one copy of everything.
import { hooks } from '@tarojs/runtime'
import '@tarojs/plugin-platform-weapp/dist/runtime'
import '@tarojs/plugin-framework-react/dist/runtime'
// The ESM build: its `main` is CommonJS, which would require a second copy of the runtime.
import Taro from '@tarojs/api/dist/index.esm.js'

if (hooks.isExist('initNativeApi')) hooks.call('initNativeApi', Taro)

export default Taro as any
