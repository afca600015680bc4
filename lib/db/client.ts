import { PrismaClient } from './generated/client';
import { PrismaClient as PostgresPrismaClient } from './generated-postgresql/client';
import { loadEnv } from '../config/env';
import { sqliteAdapter } from './sqlite-adapter';
import { pgAdapterFactory, runtimePool } from './providers/postgres-adapter';
import { registerProvider } from './providers/dialect';
import { databaseProvider } from './providers/provider';

export type { PrismaClient } from './generated/client';
export type Db = PrismaClient;

const globalForDb = globalThis as unknown as {
  entropyWatchDb?: Map<string, PrismaClient>;
  /** pools we handed to adapter-pg, which leaves an external pool open on $disconnect */
  entropyWatchPools?: { end(): Promise<void> }[];
};

/** Opens (or reuses) the one Prisma client for a database (SQLite file or PostgreSQL URL). */
export function getDb(databaseUrl: string = loadEnv().databaseUrl): PrismaClient {
  const clients = (globalForDb.entropyWatchDb ??= new Map());
  let db = clients.get(databaseUrl);
  if (!db && databaseProvider(databaseUrl) === 'postgresql') {
    // Both clients are generated from one data model (lib/db/providers/postgres-schema.ts), so their
    // model APIs are the same; the SQLite client's type stands for both.
    const pool = runtimePool(databaseUrl);
    db = new PostgresPrismaClient({ adapter: pgAdapterFactory(pool) }) as unknown as PrismaClient;
    registerProvider(db, 'postgresql');
    (globalForDb.entropyWatchPools ??= []).push(pool);
    clients.set(databaseUrl, db);
  }
  if (!db) {
    // Busy timeout and BEGIN IMMEDIATE: many processes can share the file (lib/db/sqlite-adapter.ts).
    db = new PrismaClient({ adapter: sqliteAdapter(databaseUrl) });
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
  const pools = globalForDb.entropyWatchPools?.splice(0) ?? [];
  await Promise.all(pools.map((p) => p.end()));
}
