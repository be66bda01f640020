// Untyped entry points of Taro's runtime that the tests load directly.
declare module '@tarojs/plugin-framework-react/dist/runtime' {
  export function createReactApp(App: any, react: any, dom: any, config: any): any
}
declare module '@tarojs/api/dist/index.esm.js' {
  const Taro: any
  export default Taro
}
