// Samples partitioned by month on a real PostgreSQL: the migration keeps existing rows, the model
// still has no drift, and the job drops whole expired months and prepares the next one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../test/support/postgres';
import { closeDb, getDb } from './client';
import { diffDatabaseToSchema, migrateDatabase } from './migrate';
import { expiredPartitions, maintainSamplePartitions, monthPartition } from './providers/sample-partitions';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await closeDb();
  await server?.stop();
}, 60_000);

const DAY = 86_400_000;

describe('month partitions (pure)', () => {
  it('names the month of a time in UTC and knows which months are wholly past a cutoff', () => {
    expect(monthPartition(new Date('2026-11-30T23:59:59Z'))).toEqual({
      name: 'Sample_2026_11',
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    });
    expect(monthPartition(new Date('2026-12-15T00:00:00Z')).to).toEqual(new Date('2027-01-01T00:00:00Z'));
    const names = ['Sample_2026_09', 'Sample_2026_10', 'Sample_2026_11', 'Sample_default'];
    expect(expiredPartitions(names, new Date('2026-11-01T00:00:00Z'))).toEqual([
      'Sample_2026_09',
      'Sample_2026_10',
    ]);
    expect(expiredPartitions(names, new Date('2026-10-31T23:59:59Z'))).toEqual(['Sample_2026_09']);
  });
});

describe('the partitioning migration', () => {
  it('keeps the samples stored before it, in their months, and the id sequence goes on', async () => {
    // A database migrated to the state before partitioning, with samples in it.
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-part-'));
    fs.cpSync(path.resolve('prisma'), before, { recursive: true });
    const pgDir = path.join(before, 'migrations-postgresql');
    for (const d of fs.readdirSync(pgDir)) {
      if (/^\d{14}_/.test(d) && d >= '20261125193500_partition_samples') {
        fs.rmSync(path.join(pgDir, d), { recursive: true });
      }
    }
    const url = await server.createDatabase('upgrade');
    // The schema text only matters for diffs; applying uses the folder's migrations.
    await migrateDatabase(url, before);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`INSERT INTO "Target" ("name", "kind", "updatedAt") VALUES ('kvm-1', 'host', now())`);
      await c.query(`INSERT INTO "Sample" ("targetId", "at", "status", "entropyAvail")
        SELECT 1, t, 'ok', 256 FROM (VALUES (timestamp '2026-09-15 10:00'), (timestamp '2026-10-02 10:00')) v(t)`);
      const applied = await migrateDatabase(url);
      expect(applied.applied).toContain('20261125193500_partition_samples');
      const rows = await c.query(`SELECT "id", tableoid::regclass::text AS part FROM "Sample" ORDER BY "at"`);
      expect(rows.rows).toEqual([
        { id: 1, part: 'entropy_watch_partitions."Sample_2026_09"' },
        { id: 2, part: 'entropy_watch_partitions."Sample_2026_10"' },
      ]);
      const next = await c.query(
        `INSERT INTO "Sample" ("targetId", "at", "status") VALUES (1, now(), 'ok') RETURNING "id"`,
      );
      expect(next.rows).toEqual([{ id: 3 }]);
      expect(await diffDatabaseToSchema(url)).toBe('');
    } finally {
      await c.end();
      fs.rmSync(before, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('Sample on PostgreSQL', () => {
  it('is partitioned by month, matches the model, and drops expired months whole', async () => {
    const url = await server.createDatabase('partitions');
    await migrateDatabase(url);
    expect(await diffDatabaseToSchema(url)).toBe('');
    const db = getDb(url);
    const target = await db.target.create({ data: { name: 'kvm-1', kind: 'host' } });
    const now = new Date();
    const old = new Date(now.getTime() - 70 * DAY);
    // The default partition takes a month that has no partition of its own.
    await db.sample.createMany({
      data: [old, now].map((at) => ({ targetId: target.id, at, status: 'ok', entropyAvail: 256 })),
    });
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const kind = await c.query(`SELECT relkind FROM pg_class WHERE relname = 'Sample'`);
      expect(kind.rows).toEqual([{ relkind: 'p' }]);
      const where = async () =>
        (await c.query(`SELECT tableoid::regclass::text AS part FROM "Sample" ORDER BY "at"`)).rows.map(
          (r: { part: string }) => r.part,
        );
      const thisMonth = monthPartition(now).name;
      expect(await where()).toEqual([
        'entropy_watch_partitions."Sample_default"',
        `entropy_watch_partitions."${thisMonth}"`,
      ]);

      // Three months on: this month's partition has expired as a whole; the next two are made ready.
      const later = new Date(monthPartition(monthPartition(monthPartition(now).to).to).to.getTime() + DAY);
      const said = await maintainSamplePartitions(db, later, 35 * DAY);
      expect(said).toContain(`dropped ${thisMonth}`);
      expect(said).toContain(
        `created ${monthPartition(later).name}, ${monthPartition(monthPartition(later).to).name}`,
      );
      expect(await where()).toEqual(['entropy_watch_partitions."Sample_default"']);
      // Running again changes nothing, and the model still has no drift.
      expect(await maintainSamplePartitions(db, later, 35 * DAY)).toBe(
        'sample partitions: created none; dropped none',
      );
      expect(await diffDatabaseToSchema(url)).toBe('');
    } finally {
      await c.end();
    }
  }, 120_000);
});
