// uni's mini-program API modules ship without type declarations.
declare module '@dcloudio/uni-mp-weixin/dist/uni.api.esm.js' {
  const uni: any
  export default uni
}
declare module '@dcloudio/uni-mp-alipay/dist/uni.api.esm.js' {
  const uni: any
  export default uni
}
