// The monitor, started when the app's code first loads (before App() and the first page, so even a
// missing entry page is seen). Kept out of app.tsx: Taro breaks pages when app.tsx exports anything else.
import { init } from '@minimon/taro'
import { tapBreadcrumbs } from '@minimon/core/extras'

/** The collector's base URL, fixed at build time (`MINIMON_COLLECTOR`, see config/index.ts). */
export const COLLECTOR: string = process.env.MINIMON_COLLECTOR || 'http://127.0.0.1:4318'

export const monitor = init({
  service: 'minimon-taro-playground',
  serviceVersion: '0.1.0',
  collector: COLLECTOR,
  flushInterval: 1000,
  // taps (on mini programs: Taro's `eh` dispatcher, the element's id and dataset keys) as breadcrumbs
  use: [tapBreadcrumbs()],
})
