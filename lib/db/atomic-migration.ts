import type { DatabaseProvider } from './providers/provider';
import type { LocalMigration } from './migration-state';

/**
 * Prisma's schema engine applies a migration in three steps, each committed on its own: it inserts the
 * migration's row in `_prisma_migrations` (started), runs the script, then marks the row finished. A
 * process killed between the steps leaves a row that is started but not finished, and Prisma refuses
 * every later start (P3009) until a human runs `prisma migrate resolve`. Worse, the row alone cannot say
 * whether the script's changes are in the database: on SQLite the engine runs the script statement by
 * statement outside any transaction, so a kill can even leave half of it.
 *
 * This wraps the engine's script executor so that each migration's script and the "finished" mark of
 * its row commit as ONE transaction. After any kill, a started-but-unfinished row then always means
 * "nothing of this migration is in the database", and migrate.ts (resumeInterruptedPostgres,
 * resumeInterruptedSqlite) can mark it rolled back (what `migrate resolve --rolled-back` does) for the
 * engine to apply it again. The engine's own "finished" update that follows is kept: it only sets the
 * time again and counts the step.
 *
 * SQLite: a script that turns foreign keys off (Prisma's table-redefinition scripts do) gets that before
 * BEGIN and on again after COMMIT, the order SQLite's documentation gives for schema changes inside a
 * transaction ("Making Other Kinds Of Table Schema Changes"): `PRAGMA foreign_keys` is a no-op inside
 * one, and with foreign keys on, DROP TABLE would cascade. PostgreSQL: the script and the mark go as
 * one multi-statement simple query, which PostgreSQL runs as one implicit transaction (and rolls back
 * whole on error, leaving the connection clean).
 *
 * A script that is not one of our migrations (none is expected) runs unchanged.
 */
export function atomicMigrationScripts(
  provider: DatabaseProvider,
  migrations: LocalMigration[],
  run: (script: string) => Promise<void>,
): (script: string) => Promise<void> {
  const nameOf = new Map(migrations.map((m) => [m.sql, m.name]));
  return async (script) => {
    const name = nameOf.get(script);
    if (name === undefined) return run(script);
    const mark = finishedMark(provider, name);
    failpoint('migrate-before-script', name);
    if (provider === 'postgresql') {
      if (failpointSet('migrate-in-transaction', name)) {
        await run(`BEGIN;\n${script}\n;\n${mark}`);
        crash();
      }
      await run(`${script}\n;\n${mark}`);
    } else {
      const fkOff = /PRAGMA\s+foreign_keys\s*=\s*(OFF|0|false)/i.test(script);
      if (fkOff) await run('PRAGMA foreign_keys=OFF;');
      try {
        await run(`BEGIN;\n${script}\n;\n${mark}`);
        if (failpointSet('migrate-in-transaction', name)) crash();
        await run('COMMIT;');
      } catch (e) {
        await run('ROLLBACK;').catch(() => {}); // "no transaction is active" when BEGIN itself failed
        throw e;
      } finally {
        if (fkOff) await run('PRAGMA foreign_keys=ON;');
      }
    }
    failpoint('migrate-after-script', name);
  };
}

/** The statement that marks `name`'s started row finished, in the timestamp format Prisma writes. */
function finishedMark(provider: DatabaseProvider, name: string): string {
  const now = provider === 'postgresql' ? 'now()' : `strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')`;
  return (
    `UPDATE "_prisma_migrations" SET finished_at = ${now} ` +
    `WHERE migration_name = '${name.replace(/'/g, "''")}' AND finished_at IS NULL AND rolled_back_at IS NULL;`
  );
}

/**
 * Fault injection for the kill tests (lib/db/migrate-kill.int.test.ts): EW_FAILPOINT=<point>:<migration>
 * makes this process SIGKILL itself at that point of applying that migration, so each window a real
 * kill -9 can hit is tested exactly, not by luck of timing. Unset in every real run.
 */
function failpointSet(point: string, name: string): boolean {
  return process.env.EW_FAILPOINT === `${point}:${name}`;
}

function failpoint(point: string, name: string): void {
  if (failpointSet(point, name)) crash();
}

function crash(): never {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable: SIGKILL did not stop the process');
}
