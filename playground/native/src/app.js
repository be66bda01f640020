const { monitorApp } = require('@minimon/native')
const config = require('./config')

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
    },
  ),
)
