import fs from 'node:fs';
import path from 'node:path';
import { toPostgresSchema } from './providers/postgres-schema';
import { databaseProvider, type DatabaseProvider } from './providers/provider';
import Database from 'better-sqlite3';
import { sqliteIsWal, sqliteUpToDate } from './migration-state';
import { SQLITE_BUSY_TIMEOUT_MS } from './sqlite-adapter';
import { openSchemaEngine } from './schema-engine';

const PRISMA_DIR = path.resolve(process.cwd(), 'prisma');
const FILTERS = { externalTables: [], externalEnums: [] };

export interface MigrateResult {
  applied: string[];
  /** migrations a killed process left started, marked rolled back and applied again */
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
 * so any number of processes can start beside each other. Each migration's script commits together with
 * its finished mark (atomic-migration.ts), and a migration a killed process left started is applied again
 * (resumeInterruptedPostgres, resumeInterruptedSqlite), so kill -9 at any point of a migration never
 * needs a human.
 */
export async function migrateDatabase(databaseUrl: string, prismaDir = PRISMA_DIR): Promise<MigrateResult> {
  const provider = databaseProvider(databaseUrl);
  const list = readMigrations(prismaDir, provider);
  const local = list.migrationDirectories.map((d) => ({ name: d.path, sql: d.migrationFile.content.value }));
  let resumed: string[];
  if (provider === 'sqlite') {
    const file = databaseUrl.replace(/^file:/, '');
    if (sqliteIsWal(file) && sqliteUpToDate(file, local)) return { applied: [] };
    setWal(file);
    resumed = resumeInterruptedSqlite(file);
  } else {
    resumed = await resumeInterruptedPostgres(databaseUrl);
  }
  const { engine, close } = await openSchemaEngine(databaseUrl, readSchema(prismaDir, provider), local);
  try {
    const out = await engine.applyMigrations({ migrationsList: list, filters: FILTERS });
    return { applied: out.appliedMigrationNames, ...(resumed.length > 0 ? { resumed } : {}) };
  } finally {
    await close();
  }
}

/** The advisory lock Prisma's schema engine holds on PostgreSQL while it migrates (prisma-engines' postgres flavour). */
const PRISMA_MIGRATE_LOCK = 72707369;

/**
 * Rows of migrations a killed process left started but neither finished nor failed (no logs). Since the
 * script and the finished mark commit as one transaction (atomic-migration.ts), such a row means nothing
 * of the migration is in the database: it is marked rolled back, as `migrate resolve --rolled-back` does,
 * and the engine applies the migration again. A migration that FAILED (Prisma wrote its error into logs)
 * is left alone: that needs a human, and the start-up error says so.
 */
const INTERRUPTED = `finished_at IS NULL AND rolled_back_at IS NULL AND logs IS NULL AND applied_steps_count = 0`;

/**
 * PostgreSQL: done under Prisma's own migrate lock, so a migration another process is applying right now
 * is never touched.
 */
async function resumeInterruptedPostgres(databaseUrl: string): Promise<string[]> {
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
        `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE ${INTERRUPTED} RETURNING migration_name`,
      );
      return r.rows.map((row) => row.migration_name).sort();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]);
    }
  } finally {
    await client.end();
  }
}

/**
 * SQLite: in a write transaction. A process applying a migration right now holds the file exclusively
 * from its first write to its end (the engine sets locking_mode=EXCLUSIVE), so a started row this can
 * read belongs to a process that is gone; while one is migrating, this waits for it (busy timeout).
 */
function resumeInterruptedSqlite(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const db = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS, fileMustExist: true });
  try {
    return db
      .transaction(() => {
        const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`);
        if (!table.get('_prisma_migrations')) return [];
        const rows = db
          .prepare(
            `UPDATE "_prisma_migrations" SET rolled_back_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
             WHERE ${INTERRUPTED} RETURNING migration_name`,
          )
          .all() as { migration_name: string }[];
        return rows.map((r) => r.migration_name).sort();
      })
      .immediate();
  } finally {
    db.close();
  }
}

function setWal(file: string): void {
  const db = new Database(file);
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
