import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { SQLITE_BUSY_TIMEOUT_MS } from './sqlite-adapter';

/** A migration as read from prisma/migrations: its folder name and its SQL. */
export interface LocalMigration {
  name: string;
  sql: string;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/**
 * Whether a SQLite file already has every local migration applied, read with plain SELECTs: no schema
 * engine and no lock beyond a read. The schema engine asks for `locking_mode=EXCLUSIVE` even when there is
 * nothing to do, which fails beside a running collector; with this check, every process that finds
 * nothing to migrate skips it. Prisma records each migration in `_prisma_migrations` with the sha256 of
 * its migration.sql; anything unusual (no file, no table, a changed checksum, a failed or rolled-back
 * migration) answers false and leaves the decision to the engine.
 */
export function sqliteUpToDate(file: string, migrations: LocalMigration[]): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS, fileMustExist: true });
  try {
    const rows = db
      .prepare(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`)
      .all() as AppliedRow[];
    const applied = new Map(
      rows
        .filter((r) => r.finished_at !== null && r.rolled_back_at === null)
        .map((r) => [r.migration_name, r.checksum]),
    );
    return migrations.every(
      (m) => applied.get(m.name) === createHash('sha256').update(m.sql, 'utf8').digest('hex'),
    );
  } catch (e) {
    if (e instanceof Error && /no such table/.test(e.message)) return false;
    throw e;
  } finally {
    db.close();
  }
}

/** Whether the file is already in WAL mode (a read; switching it needs a write the caller may not need). */
export function sqliteIsWal(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS, fileMustExist: true });
  try {
    return String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal';
  } finally {
    db.close();
  }
}
