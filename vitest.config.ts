import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('./', import.meta.url));

export default defineConfig({
  // Tests that import the package by its public name (as the README shows) run against the source, not dist/.
  resolve: { alias: [{ find: /^ucwa-inspector\/(protocol|storage|proxy|replay|simulator)$/, replacement: `${root}$1/index.ts` }] },
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
