import type { DatabaseProvider } from './provider';

// The few places that write raw SQL (hot paths Prisma's query API cannot batch) ask here which store
// a client talks to. SQLite stores DateTime as Unix milliseconds (the adapter's 'unixepoch-ms'
// format); PostgreSQL as timestamp(3), so raw SQL binds a Date there.

// On globalThis, like the client cache in client.ts: Next.js bundles this module more than once
// (route handlers, server components), and a client registered by one copy and reused from the
// global cache by another read as SQLite there, so the fleet page sent SQLite SQL to PostgreSQL
// (`relation "finding" does not exist`; found by e2e/stateless-web.spec.ts).
const globalForDialect = globalThis as unknown as {
  entropyWatchProviders?: WeakMap<object, DatabaseProvider>;
};
const providers = (globalForDialect.entropyWatchProviders ??= new WeakMap<object, DatabaseProvider>());

/** Remembers the provider of a client (lib/db/client.ts calls this once per client). */
export function registerProvider(db: object, provider: DatabaseProvider): void {
  providers.set(db, provider);
}

/** The provider of a client from getDb; SQLite for any other. */
export function providerOf(db: object): DatabaseProvider {
  return providers.get(db) ?? 'sqlite';
}

/** A DateTime as raw SQL binds it for this client's store. */
export function sqlTime(db: object, at: Date): number | Date {
  return providerOf(db) === 'postgresql' ? at : at.getTime();
}
