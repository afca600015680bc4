// Writes the next migration for BOTH stores without Prisma's native engine: applies each provider's
// migrations to a scratch database (a SQLite file; a throwaway PostgreSQL cluster from Debian's
// `postgresql` package), diffs it against schema.prisma with the WASM engine, and saves the SQL in
// Prisma's layout under prisma/migrations/ and prisma/migrations-postgresql/ with the same name.
// Whatever the PostgreSQL migrations still lack (e.g. a SQLite-only migration someone added) goes
// into the new PostgreSQL migration, so both always end at schema.prisma.
// Usage: npm run migrate:new -- <name>
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diffDatabaseToSchema, migrateDatabase, migrationsDir } from '../lib/db/migrate';
import type { DatabaseProvider } from '../lib/db/providers/provider';
import { startPostgres } from '../test/support/postgres';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]+/gi, '_');
if (!name) {
  console.error('usage: npm run migrate:new -- <name>   (e.g. add_target_labels)');
  process.exit(2);
}

async function pendingSql(url: string): Promise<string> {
  await migrateDatabase(url);
  return diffDatabaseToSchema(url);
}

const scratch = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ew-migrate-')), 'scratch.db');
const sql: Record<DatabaseProvider, string> = { sqlite: await pendingSql(`file:${scratch}`), postgresql: '' };
const pg = await startPostgres();
try {
  sql.postgresql = await pendingSql(await pg.createDatabase('scratch'));
} finally {
  await pg.stop();
}

const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
let wrote = 0;
for (const provider of ['sqlite', 'postgresql'] as const) {
  if (!sql[provider]) continue;
  const base = migrationsDir(path.resolve('prisma'), provider);
  const lock = path.join(base, 'migration_lock.toml');
  if (!fs.existsSync(lock)) {
    fs.mkdirSync(base, { recursive: true });
    fs.writeFileSync(lock, `# Written by npm run migrate:new. Do not edit.\nprovider = "${provider}"\n`);
  }
  const dir = path.join(base, `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'migration.sql'), sql[provider]);
  console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  wrote++;
}
if (wrote === 0) console.log('schema.prisma matches both migration folders: nothing to write');
