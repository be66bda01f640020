// Where the app's requests go. The demo runner and the tests start the playground's API server
// (playground/test-support/api-server.mjs) and name it in globalThis.__MINIMON_PLAYGROUND__.api before the app
// starts; elsewhere (the developer tools, a browser) the demo's default applies. Never the collector: its
// answers are the monitor's business, and the collector would log the page's deliberate 404 as refused.
const injected: { api?: string } = (typeof globalThis === 'object' && globalThis && (globalThis as { __MINIMON_PLAYGROUND__?: { api?: string } }).__MINIMON_PLAYGROUND__) || {}

export const API: string = injected.api || 'http://127.0.0.1:4319'
