// Which store a DATABASE_URL names. SQLite (a `file:` URL) is the embedded default; PostgreSQL
// (`postgresql://` or `postgres://`) is the store for several collectors and web replicas.

export type DatabaseProvider = 'sqlite' | 'postgresql';

/** The provider a DATABASE_URL selects; throws with the accepted forms otherwise. */
export function databaseProvider(url: string): DatabaseProvider {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  throw new Error(
    `DATABASE_URL must be a SQLite file URL (file:./data/entropy-watch.db) or a PostgreSQL URL (postgresql://user:password@host:5432/db), got "${redactUrl(url)}"`,
  );
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
