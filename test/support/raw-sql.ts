// Plain SQL on a test database of either store, without Prisma: for tests that look at a database
// mid-migration (Prisma's client expects the finished schema) or at `_prisma_migrations` itself.
import Database from 'better-sqlite3';
import pg from 'pg';

export interface RawSql {
  exec(sql: string): Promise<void>;
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/** Opens `url` (file:… or postgresql://…); each statement runs on its own, nothing is held between them. */
export async function openRawSql(url: string): Promise<RawSql> {
  if (url.startsWith('file:')) {
    const file = url.replace(/^file:/, '');
    // A connection per statement: an open one would keep a read lock the migrating process may need.
    const once = <T>(use: (db: Database.Database) => T): T => {
      const db = new Database(file, { fileMustExist: true, timeout: 10_000 });
      try {
        return use(db);
      } finally {
        db.close();
      }
    };
    return {
      exec: async (sql) => void once((db) => db.exec(sql)),
      rows: async <T>(sql: string) => once((db) => db.prepare(sql).all() as T[]),
      close: async () => {},
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    exec: async (sql) => void (await client.query(sql)),
    rows: async <T>(sql: string) => (await client.query(sql)).rows as T[],
    close: () => client.end(),
  };
}
