// Monitor options of the demo. The collector comes from the build (MINIMON_COLLECTOR, default
// http://127.0.0.1:4318); the demo's API calls go to its own server (api.ts).
import type { MonitorOptions } from '@minimon/uni-app'
import { sessionEvents } from '@minimon/core/extras'

export const COLLECTOR = __MINIMON_COLLECTOR__

export const monitorOptions: MonitorOptions = {
  service: 'minimon-uni-demo',
  serviceVersion: '1.0.0',
  collector: COLLECTOR,
  flushInterval: 2000,
  request: {
    urlGroupRules: [{ match: /\/api\/orders\/\d+/, group: '/api/orders/{id}' }],
  },
  // session.start / session.end logs, from which the collector's viewer counts crash-free sessions per release:
  // only in builds made for it (MINIMON_SESSION_EVENTS=1), since SkyWalking OAP would store these logs in its
  // GENERAL layer; by default the logs carry session.id and nothing more is sent
  use: __MINIMON_SESSION_EVENTS__ ? [sessionEvents()] : [],
}
