import type { Db } from '../db/client';

export interface Health {
  status: 'ok' | 'degraded' | 'down';
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

/** Database reachability and the collector's last cycle. */
export async function getHealth(db: Db, now = new Date()): Promise<Health> {
  let migrations: number;
  try {
    const rows = await db.$queryRaw<
      { n: number }[]
    >`SELECT count(*) AS n FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL`;
    migrations = Number(rows[0]?.n ?? 0);
  } catch (e) {
    const error = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return { status: 'down', database: { ok: false, error }, collector: { lastRun: null, stale: true } };
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
    status: stale ? 'degraded' : 'ok',
    database: { ok: true, migrations },
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
