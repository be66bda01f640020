// Two bugs on purpose: a button handler that throws, and a promise nobody catches.
const { monitorPage } = require('@minimon/native')

Page(
  monitorPage({
    data: { taps: 0 },
    checkout() {
      this.setData({ taps: this.data.taps + 1 })
      // the platform catches this and hands it to onError: reported once as `js`
      throw new Error('Checkout failed: cart is undefined')
    },
    applyCoupon() {
      // nobody catches this: reported as `promise`
      Promise.reject(new Error('Coupon service rejected: nobody handled this promise'))
    },
  }),
)
