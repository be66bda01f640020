// A list that loads from the API: two calls succeed, one gets a 500, one cannot connect at all.
const { monitorPage } = require('@minimon/native')
const api = require('../../utils/api')
const config = require('../../config')

Page(
  monitorPage({
    data: { items: [], featured: null, failures: [], loading: true },
    onLoad() {
      this.load()
    },
    onPullDownRefresh() {
      this.load()
    },
    load() {
      const failures = []
      const failed = (what) => (e) => {
        failures.push(what + ': ' + (e.status ? 'HTTP ' + e.status : e.message))
        return null
      }
      return Promise.all([
        api.get('/api/items?page=1').catch(failed('items')),
        api.get('/api/items/42').catch(failed('featured')),
        api.get('/api/flaky').catch(failed('recommendations')),
        api.get(config.offline + '/api/offline').catch(failed('offline banner')),
      ]).then(([items, featured]) => {
        this.setData({ items: (items && items.items) || [], featured, failures, loading: false })
      })
    },
  }),
)
