// Home: links to every part of the demo.
const { monitorPage, getMonitor } = require('@minimon/native')
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
    // the signed-in user's own id (never a phone number or a device id): enduser.id on logs and segments
    logIn() {
      const m = getMonitor()
      if (m) m.setUser({ id: 'demo-user-1' })
      this.setData({ notice: 'Signed in as demo-user-1.' })
    },
    openConsent() {
      mp.navigateTo({ url: '/pages/consent/index' })
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
