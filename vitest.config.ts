import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Native better-sqlite3 handles and real sockets are simplest to reason about one process per file.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The machine has two cores and is shared; more workers only add contention.
    maxWorkers: 2,
  },
});
