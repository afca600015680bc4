// npm run prisma:generate: the SQLite client (lib/db/generated) from prisma/schema.prisma and the
// PostgreSQL client (lib/db/generated-postgresql) from its derived variant, written to
// prisma/postgresql/schema.prisma (generated, not committed). Prisma's CLI wants a schema engine
// binary at start-up only; generate never runs it, so a no-op stands in where none can be downloaded.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { toPostgresSchema } from '../lib/db/providers/postgres-schema';

const variant = path.join('prisma', 'postgresql', 'schema.prisma');
fs.mkdirSync(path.dirname(variant), { recursive: true });
fs.writeFileSync(variant, toPostgresSchema(fs.readFileSync(path.join('prisma', 'schema.prisma'), 'utf8')));

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: path.resolve('prisma', 'no-engine.sh') };
const prisma = path.join('node_modules', 'prisma', 'build', 'index.js');
for (const schema of [path.join('prisma', 'schema.prisma'), variant]) {
  const r = spawnSync(process.execPath, [prisma, 'generate', '--schema', schema], { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`prisma generate --schema ${schema} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}
