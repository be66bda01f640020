const { monitorApp } = require('@minimon/native')
const { tapBreadcrumbs, deviceBreadcrumbs } = require('@minimon/core/extras')
const config = require('./config')
const mp = require('./utils/mp')

App(
  monitorApp(
    {
      globalData: { launches: 0 },
      onLaunch(options) {
        this.globalData.launches += 1
        this.globalData.entry = options.path
      },
      onShow() {},
      onHide() {},
    },
    {
      service: 'minimon-native-playground',
      serviceVersion: '1.0.0',
      collector: config.collector,
      flushInterval: config.flushInterval,
      enable: { tracing: true },
      tracing: { propagateTo: [config.apiHost] },
      request: { urlGroupRules: [{ match: '/api/items/', group: '/api/items/{id}' }] },
      consent: config.consent,
      // taps (handler, element id, dataset keys), network changes and memory warnings as breadcrumbs
      use: [tapBreadcrumbs(), deviceBreadcrumbs(mp)],
    },
  ),
)
