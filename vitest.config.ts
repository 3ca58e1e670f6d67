import { defineConfig } from 'vitest/config';

// One config for the whole suite. Integration tests (real Go toolchain, real
// osv-scanner, real git) live under test/integration and share the same run.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'generators/**/*.test.ts', 'policies/**/*.test.ts', 'advisor/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', '**/fixtures/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 600_000,
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: ['generators/**/*.ts', 'policies/**/*.ts', 'advisor/**/*.ts'],
      exclude: ['**/*.test.ts', '**/fixtures/**'],
      reporter: ['text-summary', 'json-summary', 'json', 'lcov'],
      reportsDirectory: 'coverage',
    },
  },
});
