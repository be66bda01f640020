// Where the app sends its telemetry and finds its API. The demo runner and the tests set
// globalThis.__MINIMON_PLAYGROUND__ = { collector, api, flushInterval } before the app starts; in the
// developer tools or on a phone the defaults below apply (run `pnpm demo` or `npx minimon-collector`, and
// use the machine's LAN address instead of 127.0.0.1 on a phone).
var injected = (typeof globalThis === 'object' && globalThis && globalThis.__MINIMON_PLAYGROUND__) || {}

var api = injected.api || 'http://127.0.0.1:4319'

module.exports = {
  collector: injected.collector || 'http://127.0.0.1:4318',
  api: api,
  // the host that may receive the sw8 trace header: the app's own API, never a third party
  apiHost: api.replace(/^[a-z]+:\/\//i, '').replace(/[:/].*$/, ''),
  // a port nobody listens on: requests there fail without a response
  offline: injected.offline || 'http://127.0.0.1:9',
  flushInterval: injected.flushInterval || 5000,
  // Asks before sending (pages/consent) and remembers the answer. The demo runner and the tests stand for a
  // user who agreed already; they may pass another mode.
  consent: injected.consent || (injected.collector ? 'granted' : 'remember'),
}
