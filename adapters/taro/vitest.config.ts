// Tests of @minimon/taro under Taro's real runtime (createReactApp, createPageConfig, @tarojs/react) on the
// @minimon/sim WeChat runtime. Taro's build-time constants are defined as its weapp build defines them,
// @tarojs/* are inlined (so one copy of Taro's runtime and hook registry is loaded), and `@tarojs/taro` is
// aliased to test/taro.ts, which wires the React and weapp runtimes to Taro's API once; `@tarojs/components`
// is the weapp build's tag-name module.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  root: here('.'),
  define: {
    ENABLE_INNER_HTML: 'true',
    ENABLE_ADJACENT_HTML: 'false',
    ENABLE_SIZE_APIS: 'false',
    ENABLE_TEMPLATE_CONTENT: 'false',
    ENABLE_CLONE_NODE: 'false',
    ENABLE_CONTAINS: 'false',
    ENABLE_MUTATION_OBSERVER: 'false',
    'process.env.TARO_ENV': JSON.stringify('weapp'),
    'process.env.TARO_PLATFORM': JSON.stringify('mini'),
    'process.env.FRAMEWORK': JSON.stringify('react'),
    'process.env.TARO_VERSION': JSON.stringify('4.2.0'),
    'process.env.SUPPORT_TARO_POLYFILL': JSON.stringify('disabled'),
  },
  resolve: {
    dedupe: ['@tarojs/runtime', '@tarojs/shared', 'react'],
    alias: [
      { find: /^@tarojs\/taro$/, replacement: here('./test/taro.ts') },
      // As Taro's weapp build does: components are the platform's tag names.
      { find: /^@tarojs\/components$/, replacement: '@tarojs/plugin-platform-weapp/dist/components-react' },
    ],
  },
  test: {
    name: 'taro',
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    setupFiles: ['./test/setup.ts'],
    testTimeout: 20_000,
    pool: 'forks',
    server: { deps: { inline: [/@tarojs\//] } },
    // React's development build narrates every error a boundary catches; the tests cause them on purpose.
    onConsoleLog: (log) => !/The above error occurred|React will try to recreate|Download the React DevTools|^\s+at /.test(log),
  },
})
