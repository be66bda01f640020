// Monitor options of the demo. The collector comes from the build (MINIMON_COLLECTOR, default
// http://127.0.0.1:4318); the demo's API calls go to its own server (api.ts).
import type { MonitorOptions } from '@minimon/uni-app'

export const COLLECTOR = __MINIMON_COLLECTOR__

export const monitorOptions: MonitorOptions = {
  service: 'minimon-uni-demo',
  serviceVersion: '1.0.0',
  collector: COLLECTOR,
  flushInterval: 2000,
  request: {
    urlGroupRules: [{ match: /\/api\/orders\/\d+/, group: '/api/orders/{id}' }],
  },
}
