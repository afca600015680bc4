// A fresh migrated database per test file (no shared mutable database between tests): a SQLite file
// by default, or a database of its own on the run's shared PostgreSQL cluster when the vitest project
// asks for PostgreSQL (EW_TEST_STORE=postgresql, set by the integration-pg project in vitest.config.ts,
// whose globalSetup test/support/postgres-global-setup.ts starts the cluster once per run).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, getDb, type PrismaClient } from '../../lib/db/client';
import { migrateDatabase } from '../../lib/db/migrate';
import type { DatabaseProvider } from '../../lib/db/providers/provider';

export interface TestDb {
  url: string;
  /** a temp directory the test may use for other files (the SQLite file lives here) */
  dir: string;
  db: PrismaClient;
  store: DatabaseProvider;
  /** closes every client, drops the database (PostgreSQL) and deletes the directory */
  cleanup(): Promise<void>;
}

/** An empty, unmigrated database: the URL, a temp directory, and how to get rid of both. */
export interface EmptyDb {
  url: string;
  dir: string;
  store: DatabaseProvider;
  /** drops the database (PostgreSQL) and deletes the directory; close clients on it first */
  drop(): Promise<void>;
}

/** The store this test run exercises: 'postgresql' in the integration-pg project, else 'sqlite'. */
export function testStore(): DatabaseProvider {
  return process.env.EW_TEST_STORE === 'postgresql' ? 'postgresql' : 'sqlite';
}

/** Creates and migrates a database of the run's store (see testStore) in a new temp directory. */
export async function freshDb(prefix = 'ew-test-', want: DatabaseProvider = testStore()): Promise<TestDb> {
  const { url, dir, drop, store } = await freshDbUrl(prefix, want);
  await migrateDatabase(url);
  return {
    url,
    dir,
    store,
    db: getDb(url),
    cleanup: async () => {
      await closeDb();
      await drop();
    },
  };
}

/** An empty, unmigrated database of the run's store (for tests that migrate or spawn processes). */
export async function freshDbUrl(
  prefix = 'ew-test-',
  want: DatabaseProvider = testStore(),
): Promise<EmptyDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  if (want === 'sqlite') {
    return { url: `file:${path.join(dir, 'test.db')}`, dir, store: 'sqlite', drop: async () => removeDir() };
  }
  // Imported here, not at the top: benches use freshDb outside vitest (SQLite only).
  const { inject } = await import('vitest');
  const adminUrl = inject('ewPostgresAdminUrl');
  if (!adminUrl) {
    throw new Error(
      'EW_TEST_STORE=postgresql but no cluster was started: run the suite with --project integration-pg (its globalSetup starts PostgreSQL)',
    );
  }
  const name = `${prefix.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dir,
    store: 'postgresql',
    drop: async () => {
      // FORCE: a child process the test killed may leave a connection behind for a moment.
      await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      removeDir();
    },
  };
}

async function admin(adminUrl: string, sql: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
