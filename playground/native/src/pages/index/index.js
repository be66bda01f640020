// Home: links to every part of the demo.
const { monitorPage } = require('@minimon/native')
const mp = require('../../utils/mp')

Page(
  monitorPage({
    data: { notice: '' },
    openList() {
      mp.navigateTo({ url: '/pages/list/index' })
    },
    openErrors() {
      mp.navigateTo({ url: '/pages/error/index' })
    },
    openDetail(e) {
      mp.navigateTo({ url: '/pages/detail/index?id=' + e.currentTarget.dataset.id })
    },
    // a stale link: the page was removed from app.json (reported as pageNotFound)
    openMissing() {
      mp.navigateTo({
        url: '/pages/missing/index',
        fail: () => this.setData({ notice: 'That page does not exist any more.' }),
      })
    },
  }),
)
