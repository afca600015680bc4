// The SQLite adapter against real files: transactions take the write lock at BEGIN, and a lock that
// cannot be had is named in words.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { describeDbError } from './db-errors';
import { PrismaClient } from './generated/client';
import { migrateDatabase } from './migrate';
import { sqliteAdapter } from './sqlite-adapter';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-adapter-'));
const clients: PrismaClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.$disconnect()));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function fresh(name: string, busyMs: number) {
  const file = path.join(dir, `${name}.db`);
  await migrateDatabase(`file:${file}`);
  const db = new PrismaClient({ adapter: sqliteAdapter(`file:${file}`, busyMs) });
  clients.push(db);
  return { file, db };
}

describe('sqliteAdapter', () => {
  it('starts transactions with BEGIN IMMEDIATE: after a mere read, no other process can write', async () => {
    const { file, db } = await fresh('immediate', 5_000);
    const other = new Database(file, { timeout: 0 });
    try {
      await db.$transaction(async (tx) => {
        await tx.target.count();
        // A deferred BEGIN would hold no write lock yet: the other write would pass, and this
        // transaction's own write would then fail with SQLITE_BUSY_SNAPSHOT, which no timeout helps.
        expect(() =>
          other
            .prepare(`INSERT INTO "Target" ("name", "kind", "updatedAt") VALUES ('other', 'local', 0)`)
            .run(),
        ).toThrow(/database is locked/);
        await tx.target.create({ data: { name: 'mine', kind: 'local' } });
      });
    } finally {
      other.close();
    }
    expect((await db.target.findMany({ select: { name: true } })).map((t) => t.name)).toEqual(['mine']);
  });

  it('names a write lock held elsewhere "database is locked by another process", not a timeout', async () => {
    const { file, db } = await fresh('locked', 200);
    const holder = new Database(file);
    holder.prepare('BEGIN IMMEDIATE').run();
    try {
      const error = await db.target.create({ data: { name: 'x', kind: 'local' } }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).not.toBeNull();
      const fault = describeDbError(error);
      expect(fault.kind).toBe('locked');
      expect(fault.message).toMatch(/^database is locked by another process/);
    } finally {
      holder.prepare('ROLLBACK').run();
      holder.close();
    }
  });
});
