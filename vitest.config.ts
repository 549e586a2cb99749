import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The real-archive tests parse tens of thousands of mails; two cores is the machine.
    pool: 'forks',
    // A private cache directory per test file (indexes are written there, never in ~/.cache).
    setupFiles: ['test/helpers/temp-cache.ts'],
  },
});
