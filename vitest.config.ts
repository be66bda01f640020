import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['{core,adapters,playground,bench}/**/test/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
})
