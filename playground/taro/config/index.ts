// Taro 4 build config of the playground. `MINIMON_COLLECTOR` (environment variable at build time) is the
// collector the app reports to; it defaults to the local collector.
const collector = process.env.MINIMON_COLLECTOR || 'http://127.0.0.1:4318'

// One copy of Taro's React runtime. In a pnpm workspace another variant of the package (same version,
// other peers) can be hoisted where @tarojs/taro-h5 looks first; Taro's H5 API object would then get its
// hooks (Taro.useDidShow, …) from a copy createReactApp never initialised ("useContext is not a function").
const reactRuntime = require.resolve('@tarojs/plugin-framework-react/dist/runtime')
const oneReactRuntime = (chain: any) => chain.resolve.alias.set('@tarojs/plugin-framework-react/dist/runtime$', reactRuntime)

export default {
  projectName: 'minimon-taro-playground',
  date: '2026-1-1',
  designWidth: 750,
  deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
  sourceRoot: 'src',
  // MINIMON_OUT: scripts/build.mjs builds the tests' copies (another collector URL) beside the demo's.
  outputRoot: process.env.MINIMON_OUT || `dist/${process.env.TARO_ENV}`,
  // release (package.json version) and build id stamped in; production source maps moved out of the output
  // into sourcemaps/<build id>/ (scripts/build.mjs points MINIMON_MAPS_DIR beside each output)
  plugins: ['@minimon/taro/plugin'],
  defineConstants: {
    'process.env.MINIMON_COLLECTOR': JSON.stringify(collector),
  },
  copy: { patterns: [], options: {} },
  framework: 'react',
  compiler: 'webpack5',
  cache: { enable: false },
  logger: { quiet: true, stats: false },
  mini: {
    webpackChain: oneReactRuntime,
    postcss: {
      pxtransform: { enable: true, config: {} },
      cssModules: { enable: false },
    },
  },
  h5: {
    publicPath: '/',
    staticDirectory: 'static',
    router: { mode: 'hash' },
    webpackChain: oneReactRuntime,
    postcss: {
      autoprefixer: { enable: false },
      cssModules: { enable: false },
    },
  },
}
