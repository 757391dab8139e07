import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Two projects, both run by `npm test` (`vitest run`): `fast`, the unit and in-process tests, for
 * the watch loop (`npx vitest --project fast`); `slow`, the tests that need real processes, large
 * corpora or the built package (test/slow/). Many tests wait on other processes rather than
 * compute, so more files run at once than there are cores.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: Math.max(2, availableParallelism()),
    globalSetup: ['test/setup/transpile.ts'],
    projects: [
      // The fast files share their worker's modules (each file does not import everything again):
      // they leave no state behind them (helpers.ts: temporary folders, the working directory).
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: ['test/slow/**'], isolate: false } },
      { extends: true, test: { name: 'slow', include: ['test/slow/**/*.test.ts'] } },
    ],
  },
});
