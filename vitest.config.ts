import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Suites the integration-pg project leaves out, each with why.
const PG_ALREADY = [
  'lib/collector/postgres.int.test.ts', // starts its own cluster: PostgreSQL (and SQLite side by side) already
  'lib/collector/multi-collector.int.test.ts', // starts its own cluster: three collectors on PostgreSQL already
  'lib/collector/lease-keepalive.int.test.ts', // starts its own cluster: leases exist on PostgreSQL only
  'lib/db/migrate-postgres.int.test.ts', // starts its own cluster: PostgreSQL migrations drift already
  'lib/db/sample-partitions.int.test.ts', // starts its own cluster: PostgreSQL-only partitioning
];
const SQLITE_ONLY = [
  'lib/db/migrate.int.test.ts', // SQLite migrations drift and SQLite file locking
  'lib/db/sqlite-adapter.int.test.ts', // the better-sqlite3 adapter itself (busy timeout, BEGIN IMMEDIATE)
  'lib/collector/sole-collector.int.test.ts', // SQLite's one-collector refusal (PostgreSQL allows several)
  'scripts/collect-sole.int.test.ts', // the same refusal through the CLI
  'lib/collector/faults-disk-full.int.test.ts', // a full disk under a SQLite file (a server's disk is not ours)
  'lib/collector/faults-concurrent.int.test.ts', // processes sharing one SQLite file's lock (PostgreSQL: multi-collector)
];
const NO_DATABASE = [
  'lib/checks/hostile-shell.int.test.ts',
  'lib/metrics/deploy-files.int.test.ts',
  'lib/probe/*.int.test.ts',
  'lib/text/console-hygiene.int.test.ts',
  'lib/transport/*.int.test.ts',
  'test/lab/lab.int.test.ts',
]; // no database at all: running them twice tests nothing new

// Unit tests (*.test.ts) are pure: no SSH, no database, no clock. Integration tests
// (*.int.test.ts) run real sshd/virsh/lsof/HTTP and a real SQLite file each.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts', 'app/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['lib/**/*.int.test.ts', 'test/**/*.int.test.ts', 'scripts/**/*.int.test.ts'],
          // CI retries a failed integration test once, as Playwright does for e2e; npm test names every
          // test that passed only on its retry (test/support/flaky-reporter.ts), so a flake is reported.
          retry: process.env.CI ? 1 : 0,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // The same suites on PostgreSQL: one cluster per run (globalSetup), a database per test file
        // (test/support/test-db.ts). Excluded, one reason each (docs/testing.md):
        extends: true,
        test: {
          name: 'integration-pg',
          include: ['lib/**/*.int.test.ts', 'test/**/*.int.test.ts', 'scripts/**/*.int.test.ts'],
          exclude: ['node_modules/**', ...PG_ALREADY, ...SQLITE_ONLY, ...NO_DATABASE],
          env: { EW_TEST_STORE: 'postgresql' },
          globalSetup: ['test/support/postgres-global-setup.ts'],
          retry: process.env.CI ? 1 : 0,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
