// The platform's API object: `my` on Alipay, `wx` on WeChat. One source tree runs on both.
module.exports = typeof my === 'object' && my && typeof my.request === 'function' ? my : wx
