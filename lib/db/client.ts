import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/client';
import { loadEnv } from '../config/env';

export type { PrismaClient } from './generated/client';
export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { entropyWatchDb?: Map<string, PrismaClient> };

/** Opens (or reuses) the one Prisma client for a database file; WAL and busy timeout come from the adapter URL. */
export function getDb(databaseUrl: string = loadEnv().databaseUrl): PrismaClient {
  const clients = (globalForDb.entropyWatchDb ??= new Map());
  let db = clients.get(databaseUrl);
  if (!db) {
    db = new PrismaClient({
      adapter: new PrismaBetterSqlite3(
        { url: databaseUrl, timeout: 10_000 },
        { timestampFormat: 'unixepoch-ms' },
      ),
    });
    clients.set(databaseUrl, db);
  }
  return db;
}

/** Closes every client opened by getDb (tests and shutdown). */
export async function closeDb(): Promise<void> {
  const clients = globalForDb.entropyWatchDb;
  if (!clients) return;
  await Promise.all([...clients.values()].map((c) => c.$disconnect()));
  clients.clear();
}
