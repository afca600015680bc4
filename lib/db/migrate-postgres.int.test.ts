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
