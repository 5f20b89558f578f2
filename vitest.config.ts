import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // Some render whole reports on the report thread: on two cores shared with the browser
        // tests, five seconds is not enough, and a test's time is a benchmark's business.
        test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], environment: 'node', testTimeout: 30_000 },
      },
      {
        // The office service over real HTTP on 127.0.0.1; each file starts its own on a free port.
        // tests/conformance: a client built from the published documents only, against the office as a process.
        test: { name: 'server', include: ['tests/server/**/*.test.ts', 'tests/conformance/**/*.test.ts'], environment: 'node', testTimeout: 60_000 },
      },
      {
        // The same server suite on PostgreSQL (issue 15): one suite, two stores. A real server,
        // installed and started by .ci/run; each office gets a fresh database.
        test: {
          name: 'server-pg',
          include: ['tests/server/**/*.test.ts', 'tests/conformance/**/*.test.ts', 'tests/postgres/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          env: { XUNJIAN_TEST_STORE: 'postgres' },
          globalSetup: ['tests/helpers/postgres-setup.ts'],
        },
      },
      {
        // The device's sync engine against a real office process behind a fault-injecting proxy.
        test: { name: 'sync', include: ['tests/sync/**/*.test.ts'], environment: 'node', testTimeout: 300_000, hookTimeout: 240_000, fileParallelism: false },
      },
      {
        // Browser tests share two cores: one file at a time, each with its own host and profile.
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // A browser on two loaded cores: what the screen shows within ten seconds is not late.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
