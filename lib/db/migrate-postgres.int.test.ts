// The PostgreSQL side of the one data model: prisma/migrations-postgresql applied to a fresh
// database on a real PostgreSQL (Debian's package, a cluster of our own) must produce exactly the
// PostgreSQL variant of schema.prisma, through the same offline WASM engine as SQLite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../test/support/postgres';
import { diffDatabaseToSchema, migrateDatabase, readMigrations } from './migrate';

let server: TestPostgres;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-migrate-pg-'));

beforeAll(async () => {
  server = await startPostgres();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('PostgreSQL migrations', () => {
  it('live in prisma/migrations-postgresql with a postgresql lock file', () => {
    const list = readMigrations(undefined, 'postgresql');
    expect(list.migrationDirectories.length).toBeGreaterThan(0);
    expect(list.lockfile.content).toMatch(/^provider = "postgresql"$/m);
  });

  it('produce exactly schema.prisma (no drift)', async () => {
    const url = await server.createDatabase('drift');
    const first = await migrateDatabase(url);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(await diffDatabaseToSchema(url)).toBe('');
  }, 120_000);

  it('a second run applies nothing and keeps the data', async () => {
    const url = await server.createDatabase('twice');
    await migrateDatabase(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO "Target" ("name", "kind", "updatedAt") VALUES ('keep-me', 'local', now())`,
      );
      expect((await migrateDatabase(url)).applied).toEqual([]);
      const rows = await client.query(`SELECT name FROM "Target"`);
      expect(rows.rows).toEqual([{ name: 'keep-me' }]);
    } finally {
      await client.end();
    }
  }, 120_000);

  describe('a migration cut short by a killed process', () => {
    // What kill -9 during a migration leaves (seen for real with the collector's kill test, and with a
    // slow migration killed mid-way): PostgreSQL rolled the statements back, and the migration's row is
    // started but neither finished nor failed. Prisma alone then refuses every start (P3009).
    const EXTRA = '20991231000000_extra';
    const withExtra = () => {
      const prismaDir = fs.mkdtempSync(path.join(dir, 'prisma-extra-'));
      fs.cpSync(path.resolve('prisma'), prismaDir, { recursive: true });
      const m = path.join(prismaDir, 'migrations-postgresql', EXTRA);
      fs.mkdirSync(m);
      fs.writeFileSync(path.join(m, 'migration.sql'), 'CREATE TABLE "Extra" ("id" INTEGER);\n');
      return prismaDir;
    };
    const sql = async (url: string, text: string, values: unknown[] = []) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(text, values)).rows;
      } finally {
        await client.end();
      }
    };
    const extraTable = async (url: string) =>
      ((await sql(url, `SELECT to_regclass('"Extra"')::text AS t`))[0] as { t: string | null }).t;
    const leaveRow = (url: string, logs: string | null) =>
      sql(
        url,
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count)
         VALUES (gen_random_uuid()::text, $1, $2, $3, now(), 0)`,
        ['0'.repeat(64), EXTRA, logs],
      );

    it('is applied again on the next start (its row marked rolled back, as migrate resolve would)', async () => {
      const url = await server.createDatabase('resume');
      await migrateDatabase(url);
      const prismaDir = withExtra();
      await leaveRow(url, null);
      expect(await extraTable(url)).toBeNull();
      const r = await migrateDatabase(url, prismaDir);
      expect(r).toEqual({ applied: [EXTRA], resumed: [EXTRA] });
      expect(await extraTable(url)).toBe('"Extra"');
    }, 120_000);

    it('a migration that failed with an error (logs written) still stops the start for a human', async () => {
      const url = await server.createDatabase('failed');
      await migrateDatabase(url);
      const prismaDir = withExtra();
      await leaveRow(url, 'ERROR: relation "Extra" already exists');
      await expect(migrateDatabase(url, prismaDir)).rejects.toThrow(/failed migrations/);
    }, 120_000);
  });

  it('detects a schema change that has no migration', async () => {
    const prismaDir = path.join(dir, 'prisma-changed');
    fs.cpSync(path.resolve('prisma'), prismaDir, { recursive: true });
    const schema = fs.readFileSync(path.join(prismaDir, 'schema.prisma'), 'utf8');
    fs.writeFileSync(
      path.join(prismaDir, 'schema.prisma'),
      schema.replace(/( {2}address +String\?)/, '$1\n  rack        String?'),
    );
    const url = await server.createDatabase('changed');
    await migrateDatabase(url, prismaDir);
    expect(await diffDatabaseToSchema(url, prismaDir)).toMatch(
      /ALTER TABLE "Target" ADD COLUMN {5}"rack" TEXT/,
    );
  }, 120_000);
});
