import type { Db } from '../db/client';
import { DEFAULT_INTERVAL_MS, staleAfterMs } from './target-status';

export interface CollectorRunView {
  startedAt: Date;
  finishedAt: Date | null;
  targets: number;
  ok: number;
  failed: number;
  intervalMs: number;
  error: string | null;
}

export interface CollectorPace {
  /** interval of the latest collector run (the default 60 s when none ran yet) */
  intervalMs: number;
  /** a target whose last poll is older than this is stale */
  staleAfterMs: number;
  lastRun: CollectorRunView | null;
}

/** The latest collector run and the staleness limit it implies (3 × its interval). */
export async function getCollectorPace(db: Db): Promise<CollectorPace> {
  const run = await db.collectorRun.findFirst({
    orderBy: { startedAt: 'desc' },
    select: {
      startedAt: true,
      finishedAt: true,
      targets: true,
      ok: true,
      failed: true,
      intervalMs: true,
      error: true,
    },
  });
  const intervalMs = run?.intervalMs ?? DEFAULT_INTERVAL_MS;
  return { intervalMs, staleAfterMs: staleAfterMs(intervalMs), lastRun: run };
}
