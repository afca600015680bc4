import type { Db } from '../db/client';
import { DISK_FULL_BELOW_BYTES, freeBytes } from '../db/db-errors';
import { loadEnv } from '../config/env';

export interface Health {
  status: 'ok' | 'degraded' | 'down';
  /** `error` says "disk full: …" while the database's filesystem has no space left (reads still work) */
  database: { ok: boolean; error?: string; migrations?: number };
  collector: {
    lastRun: {
      id: number;
      startedAt: string;
      finishedAt: string | null;
      targets: number;
      ok: number;
      failed: number;
      error: string | null;
    } | null;
    /** no finished cycle within 3 poll intervals */
    stale: boolean;
  };
}

// The SQLite file of this process's DATABASE_URL; null for PostgreSQL or an unusable environment.
function defaultDatabaseFile(): string | null {
  try {
    const env = loadEnv();
    return env.databaseUrl.startsWith('file:') ? env.databasePath : null;
  } catch {
    return null;
  }
}

/**
 * Whether the database's filesystem is full, asked of the filesystem itself: a collector that cannot
 * write cannot record why either, and every process (web, collectors, CLI) sees the same answer.
 */
function diskFullMessage(databaseFile: string | null): string | null {
  if (!databaseFile) return null;
  const free = freeBytes(databaseFile);
  if (free === null || free >= DISK_FULL_BELOW_BYTES) return null;
  return `disk full: ${free} bytes left on the filesystem of ${databaseFile}; the collector cannot store polls until space is freed`;
}

/** Database reachability, free disk space and the collector's last cycle. */
export async function getHealth(
  db: Db,
  now = new Date(),
  opts: { databaseFile?: string | null } = {},
): Promise<Health> {
  const diskFull = diskFullMessage(
    opts.databaseFile === undefined ? defaultDatabaseFile() : opts.databaseFile,
  );
  let migrations: number;
  try {
    const rows = await db.$queryRaw<
      { n: number }[]
    >`SELECT count(*) AS n FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL`;
    migrations = Number(rows[0]?.n ?? 0);
  } catch (e) {
    const error = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return {
      status: 'down',
      database: { ok: false, error: diskFull ?? error },
      collector: { lastRun: null, stale: true },
    };
  }
  const run = await db.collectorRun.findFirst({ orderBy: { startedAt: 'desc' } });
  const lastFinished = await db.collectorRun.findFirst({
    where: { finishedAt: { not: null }, error: null },
    orderBy: { startedAt: 'desc' },
    select: { finishedAt: true, intervalMs: true },
  });
  const stale =
    !lastFinished?.finishedAt ||
    now.getTime() - lastFinished.finishedAt.getTime() > 3 * lastFinished.intervalMs;
  return {
    status: stale || diskFull ? 'degraded' : 'ok',
    database: diskFull ? { ok: true, error: diskFull, migrations } : { ok: true, migrations },
    collector: {
      lastRun: run
        ? {
            id: run.id,
            startedAt: run.startedAt.toISOString(),
            finishedAt: run.finishedAt?.toISOString() ?? null,
            targets: run.targets,
            ok: run.ok,
            failed: run.failed,
            error: run.error,
          }
        : null,
      stale,
    },
  };
}
