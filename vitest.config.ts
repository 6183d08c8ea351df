import { defineConfig } from 'vitest/config';

/**
 * One `vitest run` covers every tier:
 * - unit: colocated `*.spec.ts` in every package, no I/O;
 * - integration: real PostgreSQL (TEST_DATABASE_URL, default 127.0.0.1:5432) and real sockets on port 0;
 * - browser: Debian's Chromium driven by playwright-core against the built app;
 * - fault: several real Crosswalk processes while PostgreSQL, Redis or a process is stopped (alone: no other test runs meanwhile).
 */
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          // Every project names its group: one left unset runs alongside every group, the fault tests' included.
          sequence: { groupOrder: 0 },
          include: ['{shared,server,realtime,web}/src/**/*.spec.ts', 'bench/lib/**/*.spec.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 0 },
          include: [
            'server/test/**/*.int-spec.ts',
            'realtime/test/**/*.int-spec.ts',
            'tests/integration/**/*.int-spec.ts',
          ],
          globalSetup: ['./tests/support/global-setup.ts'],
          setupFiles: ['./tests/support/patient-waits.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Polls end as soon as they are met; the timeout only bounds a real failure (1 s, the default, does not
          // survive a busy machine).
          expect: { poll: { timeout: 20_000 } },
        },
      },
      {
        // Fault tests stop PostgreSQL and Redis and kill processes: one file at a time, in a sequence group of their
        // own (groupOrder; every other project is in group 0), so no other test runs during an outage.
        test: {
          name: 'fault',
          include: ['tests/fault/**/*.fault-spec.ts'],
          globalSetup: ['./tests/support/global-setup.ts'],
          setupFiles: ['./tests/support/patient-waits.ts'],
          testTimeout: 180_000,
          hookTimeout: 90_000,
          expect: { poll: { timeout: 30_000 } },
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'browser',
          sequence: { groupOrder: 0 },
          include: ['tests/e2e/**/*.e2e-spec.ts'],
          globalSetup: ['./tests/support/global-setup.ts'],
          setupFiles: ['./tests/support/patient-waits.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          expect: { poll: { timeout: 30_000 } },
          fileParallelism: false,
          retry: process.env.CI ? 1 : 0,
        },
      },
    ],
  },
});
