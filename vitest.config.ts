import { defineConfig } from 'vitest/config'

// One project for everything that runs on plain Node; the framework adapters bring their own configs
// (Taro's build-time constants and inlined runtime, uni-app's single Vue build).
const frameworkAdapters = ['adapters/taro', 'adapters/uni-app']

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'minimon',
          include: ['{core,adapters,playground,bench}/**/test/**/*.test.{ts,tsx}', 'docs/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**', ...frameworkAdapters.map((d) => `${d}/**`)],
        },
      },
      ...frameworkAdapters.map((d) => `${d}/vitest.config.ts`),
    ],
  },
})
