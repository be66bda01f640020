// Tests of @minimon/uni-app under uni's own Vue runtime. Every `vue` import (the adapter's, uni's lifecycle
// helpers', uni's mini-program API, @vue/test-utils') resolves to @dcloudio/uni-h5-vue's ESM build, so exactly
// one Vue loads and uni's lifecycle hooks (onLoad, onShow, … which plain Vue lacks) work. The @dcloudio and
// @vue packages are inlined (transformed by Vite) so that the alias applies inside them too.
// Run: npx vitest run --config adapters/uni-app/vitest.config.ts
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(join(here, 'package.json'))
const pkg = (name: string) => dirname(require.resolve(`${name}/package.json`))

export default defineConfig({
  root: here,
  resolve: {
    alias: [
      { find: /^vue$/, replacement: join(pkg('@dcloudio/uni-h5-vue'), 'dist/vue.runtime.esm.js') },
      { find: /^@dcloudio\/uni-app$/, replacement: join(pkg('@dcloudio/uni-app'), 'dist/uni-app.es.js') },
      { find: /^@vue\/test-utils$/, replacement: join(pkg('@vue/test-utils'), 'dist/vue-test-utils.esm-bundler.mjs') },
      // The core under test is the workspace's source, so a change there is tested here without a build.
      { find: /^@minimon\/core$/, replacement: join(here, '../../core/src/index.ts') },
    ],
  },
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    // uni's build-time feature flag inside uni-h5-vue (set by uni's Vite plugin in real builds).
    __UNI_FEATURE_WXS__: 'false',
  },
  test: {
    name: 'uni-app',
    include: ['test/**/*.test.ts'],
    environment: 'jsdom',
    server: { deps: { inline: [/@dcloudio\//, /@vue\//, /[\\/]vue[\\/]/] } },
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
})
