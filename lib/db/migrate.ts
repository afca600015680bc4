import fs from 'node:fs';
import path from 'node:path';
import { toPostgresSchema } from './providers/postgres-schema';
import { databaseProvider, type DatabaseProvider } from './providers/provider';
import { sqliteIsWal, sqliteUpToDate } from './migration-state';
import { openSchemaEngine } from './schema-engine';

const PRISMA_DIR = path.resolve(process.cwd(), 'prisma');
const FILTERS = { externalTables: [], externalEnums: [] };

export interface MigrateResult {
  applied: string[];
  /** PostgreSQL: migrations a killed process left half-recorded, marked rolled back and applied again */
  resumed?: string[];
}

/** Migration folder per provider: prisma/migrations (SQLite) and prisma/migrations-postgresql. */
export function migrationsDir(prismaDir: string, provider: DatabaseProvider): string {
  return path.join(prismaDir, provider === 'sqlite' ? 'migrations' : 'migrations-postgresql');
}

/** Reads a provider's migrations in Prisma's own layout (the same folder `prisma migrate deploy` uses). */
export function readMigrations(prismaDir = PRISMA_DIR, provider: DatabaseProvider = 'sqlite') {
  const baseDir = migrationsDir(prismaDir, provider);
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

/** schema.prisma's text for a provider (the PostgreSQL variant is derived from it, never edited). */
export function readSchema(prismaDir = PRISMA_DIR, provider: DatabaseProvider = 'sqlite'): string {
  const text = fs.readFileSync(path.join(prismaDir, 'schema.prisma'), 'utf8');
  return provider === 'sqlite' ? text : toPostgresSchema(text);
}

/**
 * Applies pending migrations (what `prisma migrate deploy` does); SQLite files also get WAL. A SQLite file
 * that has every migration already is only read (see sqliteUpToDate): no schema engine, no exclusive lock,
 * so any number of processes can start beside each other.
 */
export async function migrateDatabase(databaseUrl: string, prismaDir = PRISMA_DIR): Promise<MigrateResult> {
  const provider = databaseProvider(databaseUrl);
  if (provider === 'sqlite') {
    const file = databaseUrl.replace(/^file:/, '');
    const local = readMigrations(prismaDir, provider).migrationDirectories.map((d) => ({
      name: d.path,
      sql: d.migrationFile.content.value,
    }));
    if (sqliteIsWal(file) && sqliteUpToDate(file, local)) return { applied: [] };
    await setWal(databaseUrl);
  }
  const resumed = provider === 'postgresql' ? await resumeInterruptedMigrations(databaseUrl) : [];
  const { engine, close } = await openSchemaEngine(databaseUrl, readSchema(prismaDir, provider));
  try {
    const out = await engine.applyMigrations({
      migrationsList: readMigrations(prismaDir, provider),
      filters: FILTERS,
    });
    return { applied: out.appliedMigrationNames, ...(resumed.length > 0 ? { resumed } : {}) };
  } finally {
    await close();
  }
}

/** The advisory lock Prisma's schema engine holds on PostgreSQL while it migrates (prisma-engines' postgres flavour). */
const PRISMA_MIGRATE_LOCK = 72707369;

/**
 * A process killed while it applied a migration leaves that migration's row in `_prisma_migrations`
 * started but neither finished nor failed (no logs), and Prisma then refuses every later start (P3009)
 * until someone runs `prisma migrate resolve`. PostgreSQL ran the migration's statements as one
 * transaction (the engine sends each script as one multi-statement query), so the kill rolled them
 * back: nothing of it is in the database. Such rows are marked rolled back, as `migrate resolve
 * --rolled-back` does, so the migration is applied again. Done under Prisma's own migrate lock, so a
 * migration another process is applying right now is never touched. A migration that FAILED (Prisma
 * wrote its error into logs) is left alone: that needs a human, and the start-up error says so.
 */
async function resumeInterruptedMigrations(databaseUrl: string): Promise<string[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    try {
      const table = await client.query<{ t: string | null }>(
        `SELECT to_regclass('"_prisma_migrations"') AS t`,
      );
      if (!table.rows[0]?.t) return [];
      const r = await client.query<{ migration_name: string }>(
        `UPDATE "_prisma_migrations" SET rolled_back_at = now()
         WHERE finished_at IS NULL AND rolled_back_at IS NULL AND logs IS NULL AND applied_steps_count = 0
         RETURNING migration_name`,
      );
      return r.rows.map((row) => row.migration_name).sort();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]);
    }
  } finally {
    await client.end();
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
  const schemaText = readSchema(prismaDir, databaseProvider(databaseUrl));
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
