/// <reference types="@dcloudio/types" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
/** The collector base URL, fixed at build time (vite.config.ts). */
declare const __MINIMON_COLLECTOR__: string
/** Whether the app sends session.start / session.end logs, fixed at build time (vite.config.ts). */
declare const __MINIMON_SESSION_EVENTS__: boolean
