// The consent prompt: the monitor (consent: 'remember') keeps everything in memory until the answer, and
// remembers it for the next launches.
const { monitorPage, getMonitor } = require('@minimon/native')

Page(
  monitorPage({
    data: { answer: '' },
    agree() {
      const m = getMonitor()
      if (m) m.setConsent(true)
      this.setData({ answer: 'Thank you: what was kept is sent now.' })
    },
    decline() {
      const m = getMonitor()
      if (m) m.setConsent(false)
      this.setData({ answer: 'Nothing is sent, and what was kept is gone.' })
    },
  }),
)
