// Writes the next migration without Prisma's native engine: applies prisma/migrations to a scratch
// database, diffs it against schema.prisma with the WASM engine, and saves the SQL in Prisma's layout.
// Usage: npm run migrate:new -- <name>
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diffDatabaseToSchema, migrateDatabase } from '../lib/db/migrate';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]+/gi, '_');
if (!name) {
  console.error('usage: npm run migrate:new -- <name>   (e.g. add_target_labels)');
  process.exit(2);
}
const scratch = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ew-migrate-')), 'scratch.db');
await migrateDatabase(`file:${scratch}`);
const sql = await diffDatabaseToSchema(`file:${scratch}`);
if (!sql) {
  console.log('schema.prisma matches prisma/migrations: nothing to write');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join('prisma', 'migrations', `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
console.log(`wrote ${dir}/migration.sql`);
