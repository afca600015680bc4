// kill -9 at each point of applying a migration, on a database that holds data, then a plain restart:
// `npm run migrate` must finish every migration, lose no row and leave no drift. The kill points are
// exact (EW_FAILPOINT, atomic-migration.ts), not timed: before the script (the row is started), with the
// whole script run but not committed, and after the commit but before Prisma marks the row finished.
// Before atomic-migration.ts, the last point made every later start fail (P3009 or "relation already
// exists"), and on SQLite a kill mid-script left half a table redefinition.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmptyDb, freshDbUrl } from '../../test/support/test-db';
import { openRawSql, type RawSql } from '../../test/support/raw-sql';
import { diffDatabaseToSchema, migrateDatabase, migrationsDir, readMigrations } from './migrate';

const POINTS = ['migrate-before-script', 'migrate-in-transaction', 'migrate-after-script'] as const;

let store: EmptyDb | undefined;
let reader: RawSql | undefined;
afterEach(async () => {
  await reader?.close();
  await store?.drop();
  reader = store = undefined;
});

/** `npm run migrate` on `url`, with `failpoint` set when given: its exit code or signal, and its output. */
function migrate(url: string, failpoint?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, NO_COLOR: '1' };
  delete env.EW_FAILPOINT;
  if (failpoint) env.EW_FAILPOINT = failpoint;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts'], { env });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  return new Promise<{ code: number | null; signal: string | null; output: string }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, output })),
  );
}

/** A copy of prisma/ holding only the migrations before `name`. */
function migrationsBefore(dir: string, provider: EmptyDb['store'], name: string): string {
  const prismaDir = path.join(dir, 'prisma-before');
  fs.cpSync(path.resolve('prisma'), prismaDir, { recursive: true });
  const migrations = migrationsDir(prismaDir, provider);
  for (const d of fs.readdirSync(migrations)) {
    if (d >= name && d !== 'migration_lock.toml') fs.rmSync(path.join(migrations, d), { recursive: true });
  }
  return prismaDir;
}

/** The migration each store's kill lands in: one that rebuilds a table holding data. */
function victim(provider: EmptyDb['store']): string {
  const names = readMigrations(undefined, provider).migrationDirectories.map((d) => d.path);
  // SQLite: a table redefinition (copy, DROP TABLE "Finding", rename) with foreign keys switched off;
  // PostgreSQL: "Sample" rebuilt as a partitioned table, with DO blocks.
  const want = provider === 'sqlite' ? /_silences_and_accepted_findings$/ : /_partition_samples$/;
  const name = names.find((n) => want.test(n));
  if (!name) throw new Error(`no migration matching ${want} in ${provider}'s migrations`);
  return name;
}

describe.each(POINTS)('kill -9 at %s', (point) => {
  it('the next start finishes every migration, keeps every row and leaves no drift', async () => {
    store = await freshDbUrl('ew-mkill-');
    const name = victim(store.store);
    await migrateDatabase(store.url, migrationsBefore(store.dir, store.store, name));
    reader = await openRawSql(store.url);
    await reader.exec(
      `INSERT INTO "Target" ("id", "name", "kind", "updatedAt") VALUES (7, 'keep-me', 'guest', CURRENT_TIMESTAMP)`,
    );
    await reader.exec(
      `INSERT INTO "Finding" ("id", "targetId", "rule", "severity", "state", "summary", "remediation", "openedAt", "updatedAt")
       VALUES (11, 7, 'no-rng-device', 'warning', 'open', 's', 'r', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
    );
    await reader.exec(
      `INSERT INTO "AlertEvent" ("uid", "webhook", "findingId", "type", "payload", "createdAt", "state", "nextAttemptAt")
       VALUES ('u1', 'ops', 11, 'firing', '{}', CURRENT_TIMESTAMP, 'pending', CURRENT_TIMESTAMP)`,
    );

    const killed = await migrate(store.url, `${point}:${name}`);
    expect(killed.signal, killed.output).toBe('SIGKILL');
    const row = async () =>
      (
        await reader!.rows<{ finished: number }>(
          `SELECT COUNT(*) AS finished FROM "_prisma_migrations" WHERE migration_name = '${name}' AND finished_at IS NOT NULL`,
        )
      )[0]!;
    // Only after the commit is the migration finished; before it, none of it is in the database.
    expect(Number((await row()).finished)).toBe(point === 'migrate-after-script' ? 1 : 0);

    const again = await migrate(store.url);
    expect(again.code, again.output).toBe(0);
    if (point !== 'migrate-after-script') expect(again.output).toContain(`${name} had been interrupted`);
    expect(await diffDatabaseToSchema(store.url)).toBe('');
    // Each migration applied once: one row not rolled back, finished, per migration.
    const applied = await reader.rows<{ migration_name: string; n: number }>(
      `SELECT migration_name, COUNT(*) AS n FROM "_prisma_migrations"
       WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL GROUP BY migration_name ORDER BY migration_name`,
    );
    const names = readMigrations(undefined, store.store).migrationDirectories.map((d) => d.path);
    expect(applied.map((r) => [r.migration_name, Number(r.n)])).toEqual(names.map((n) => [n, 1]));
    // The rows survived, and the alert still points at its finding (a DROP TABLE with foreign keys on
    // would have set it to NULL).
    expect(await reader.rows(`SELECT "id", "name" FROM "Target"`)).toEqual([{ id: 7, name: 'keep-me' }]);
    expect(await reader.rows(`SELECT "id", "state" FROM "Finding"`)).toEqual([{ id: 11, state: 'open' }]);
    expect(await reader.rows(`SELECT "findingId" FROM "AlertEvent"`)).toEqual([{ findingId: 11 }]);
    // A third start has nothing left to do.
    const third = await migrate(store.url);
    expect(third.code, third.output).toBe(0);
    expect(third.output).toMatch(/up to date/);
  }, 120_000);
});
