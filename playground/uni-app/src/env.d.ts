/// <reference types="@dcloudio/types" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
/** The collector base URL, fixed at build time (vite.config.ts). */
declare const __MINIMON_COLLECTOR__: string
