import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffDatabaseToSchema, migrateDatabase } from './migrate';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-migrate-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migrations', () => {
  it('produce exactly schema.prisma (no drift)', async () => {
    const url = `file:${path.join(dir, 'drift.db')}`;
    const first = await migrateDatabase(url);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(await diffDatabaseToSchema(url)).toBe('');
  });

  it('a second run applies nothing and keeps the data', async () => {
    const file = path.join(dir, 'twice.db');
    await migrateDatabase(`file:${file}`);
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(file);
    raw.prepare(`INSERT INTO "Target" ("name", "kind", "updatedAt") VALUES ('keep-me', 'local', 0)`).run();
    raw.close();
    expect((await migrateDatabase(`file:${file}`)).applied).toEqual([]);
    const again = new Database(file, { readonly: true });
    expect(again.prepare(`SELECT name FROM "Target"`).all()).toEqual([{ name: 'keep-me' }]);
    expect(again.pragma('journal_mode', { simple: true })).toBe('wal');
    again.close();
  });

  it('detects a schema change that has no migration', async () => {
    const prismaDir = path.join(dir, 'prisma-changed');
    fs.cpSync(path.resolve('prisma'), prismaDir, { recursive: true });
    const schema = fs.readFileSync(path.join(prismaDir, 'schema.prisma'), 'utf8');
    fs.writeFileSync(
      path.join(prismaDir, 'schema.prisma'),
      schema.replace(/( {2}address +String\?)/, '$1\n  rack        String?'),
    );
    const url = `file:${path.join(dir, 'changed.db')}`;
    await migrateDatabase(url, prismaDir);
    const sql = await diffDatabaseToSchema(url, prismaDir);
    expect(sql).toMatch(/ALTER TABLE "Target" ADD COLUMN "rack" TEXT/);
  });
});

describe('a database with nothing to migrate', () => {
  it('is only read: migrating works while another process holds the write lock', async () => {
    const file = path.join(dir, 'busy.db');
    await migrateDatabase(`file:${file}`);
    const { default: Database } = await import('better-sqlite3');
    const other = new Database(file);
    other.prepare('BEGIN EXCLUSIVE').run();
    try {
      // The schema engine would ask for locking_mode=EXCLUSIVE here and fail; the check only reads.
      expect((await migrateDatabase(`file:${file}`)).applied).toEqual([]);
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
    }
  });
});
