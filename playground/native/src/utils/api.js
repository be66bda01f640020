// The app's backend calls, as promises. A response of 400 or more rejects with { status, data }.
const mp = require('./mp')
const config = require('../config')

function get(url) {
  return new Promise((resolve, reject) => {
    mp.request({
      url: /^https?:/.test(url) ? url : config.api + url,
      method: 'GET',
      dataType: 'json',
      success(res) {
        const status = res.statusCode || res.status
        if (status >= 400) reject({ status, data: res.data })
        else resolve(res.data)
      },
      // WeChat: errMsg; Alipay: error / errorMessage (and status for HTTP errors)
      fail(res) {
        reject({ status: res.status || 0, message: res.errMsg || res.errorMessage || 'request failed' })
      },
    })
  })
}

module.exports = { get }
