import { defineConfig } from 'vitest/config';

/**
 * One `vitest run` covers every tier:
 * - unit: colocated `*.spec.ts` in every package, no I/O;
 * - integration: real PostgreSQL (TEST_DATABASE_URL, default 127.0.0.1:5432) and real sockets on port 0;
 * - browser: Debian's Chromium driven by playwright-core against the built app.
 */
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{shared,server,realtime,web}/src/**/*.spec.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            'server/test/**/*.int-spec.ts',
            'realtime/test/**/*.int-spec.ts',
            'tests/integration/**/*.int-spec.ts',
          ],
          globalSetup: ['./tests/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/e2e/**/*.e2e-spec.ts'],
          globalSetup: ['./tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
          retry: process.env.CI ? 1 : 0,
        },
      },
    ],
  },
});
