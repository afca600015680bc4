// A fresh migrated SQLite file per test (no shared mutable database between tests).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, getDb, type PrismaClient } from '../../lib/db/client';
import { migrateDatabase } from '../../lib/db/migrate';

export interface TestDb {
  url: string;
  dir: string;
  db: PrismaClient;
  /** closes every client and deletes the file */
  cleanup(): Promise<void>;
}

/** Creates and migrates a database file in a new temp directory. */
export async function freshDb(prefix = 'ew-test-'): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const url = `file:${path.join(dir, 'test.db')}`;
  await migrateDatabase(url);
  return {
    url,
    dir,
    db: getDb(url),
    cleanup: async () => {
      await closeDb();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
