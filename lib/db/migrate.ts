import fs from 'node:fs';
import path from 'node:path';
import { openSchemaEngine } from './schema-engine';

const PRISMA_DIR = path.resolve(process.cwd(), 'prisma');
const FILTERS = { externalTables: [], externalEnums: [] };

export interface MigrateResult {
  applied: string[];
}

/** Reads prisma/migrations in Prisma's own layout (the same folder `prisma migrate deploy` uses). */
export function readMigrations(prismaDir = PRISMA_DIR) {
  const baseDir = path.join(prismaDir, 'migrations');
  const lockPath = path.join(baseDir, 'migration_lock.toml');
  const dirs = fs
    .readdirSync(baseDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: fs.readFileSync(lockPath, 'utf8') },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: {
          tag: 'ok' as const,
          value: fs.readFileSync(path.join(baseDir, name, 'migration.sql'), 'utf8'),
        },
      },
    })),
  };
}

export function readSchema(prismaDir = PRISMA_DIR): string {
  return fs.readFileSync(path.join(prismaDir, 'schema.prisma'), 'utf8');
}

/** Applies pending migrations to the SQLite file (what `prisma migrate deploy` does) and turns on WAL. */
export async function migrateDatabase(databaseUrl: string, prismaDir = PRISMA_DIR): Promise<MigrateResult> {
  await setWal(databaseUrl);
  const { engine, close } = await openSchemaEngine(databaseUrl, readSchema(prismaDir));
  try {
    const out = await engine.applyMigrations({ migrationsList: readMigrations(prismaDir), filters: FILTERS });
    return { applied: out.appliedMigrationNames };
  } finally {
    await close();
  }
}

async function setWal(databaseUrl: string): Promise<void> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(databaseUrl.replace(/^file:/, ''));
  try {
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}

/** SQL still missing between the migrated database and schema.prisma; empty string when there is no drift. */
export async function diffDatabaseToSchema(databaseUrl: string, prismaDir = PRISMA_DIR): Promise<string> {
  const schemaText = readSchema(prismaDir);
  const { engine, close } = await openSchemaEngine(databaseUrl, schemaText);
  try {
    const files = [{ path: 'schema.prisma', content: schemaText }];
    const d = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: prismaDir },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: true,
      filters: FILTERS,
    } as Parameters<typeof engine.diff>[0]);
    return d.exitCode === 0 ? '' : (d.stdout ?? '');
  } finally {
    await close();
  }
}
