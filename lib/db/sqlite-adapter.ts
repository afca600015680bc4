import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';

/** How long a statement waits for another process's write lock before "database is locked". */
export const SQLITE_BUSY_TIMEOUT_MS = 30_000;

type Factory = PrismaBetterSqlite3;
type Adapter = Awaited<ReturnType<Factory['connect']>>;
interface Prepares {
  prepare(sql: string): unknown;
}

/**
 * Prisma's better-sqlite3 adapter with two changes that let any number of processes share one file:
 * a busy timeout (a writer waits for the lock instead of failing at once), and transactions that start
 * with BEGIN IMMEDIATE. The adapter's plain BEGIN is deferred: a transaction that reads, then writes,
 * fails with SQLITE_BUSY the moment another process committed in between, and no busy timeout helps
 * (https://www.sqlite.org/lang_transaction.html, "BEGIN IMMEDIATE"; https://sqlite.org/wal.html#sometimes_queries_return_sqlite_busy_in_wal_mode).
 * Taking the write lock at BEGIN makes the transaction wait its turn instead.
 */
export function sqliteAdapter(databaseUrl: string, busyTimeoutMs = SQLITE_BUSY_TIMEOUT_MS): Factory {
  const factory = new PrismaBetterSqlite3(
    { url: databaseUrl, timeout: busyTimeoutMs },
    { timestampFormat: 'unixepoch-ms' },
  );
  const connect = factory.connect.bind(factory);
  factory.connect = async (): Promise<Adapter> => {
    const adapter = await connect();
    const client = (adapter as unknown as { client: Prepares }).client;
    const prepare = client.prepare.bind(client);
    client.prepare = (sql: string) => prepare(sql === 'BEGIN' ? 'BEGIN IMMEDIATE' : sql);
    return adapter;
  };
  return factory;
}
