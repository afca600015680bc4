import os from 'node:os';
import type { Db } from '../db/client';

/** What a run killed mid-way is closed with (CollectorRun.error). */
export const UNFINISHED_ERROR = 'unfinished: the collector stopped during this cycle (killed or crashed)';
/** No cycle runs this long (every target has a budget); an older open run is certainly dead. */
export const STALE_RUN_MS = 3_600_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Closes the runs a killed collector left open, before this collector announces itself (which takes over
 * the Collector row and its pid). A run of this collector id is dead when the process the row names, on
 * this machine, is gone; an open run older than STALE_RUN_MS is dead whoever owned it. A run that is
 * still going in another live process (`collect --once` beside `npm start` under one id) is left alone.
 */
export async function closeUnfinishedRuns(db: Db, collectorId: string, now = new Date()): Promise<number> {
  const row = await db.collector.findUnique({
    where: { id: collectorId },
    select: { hostname: true, pid: true },
  });
  const ownerGone =
    row !== null && row.hostname === os.hostname() && row.pid !== process.pid && !alive(row.pid);
  const stale = new Date(now.getTime() - STALE_RUN_MS);
  const closed = await db.collectorRun.updateMany({
    where: {
      finishedAt: null,
      startedAt: { lte: now },
      OR: [...(ownerGone ? [{ collectorId }] : []), { startedAt: { lt: stale } }],
    },
    data: { finishedAt: now, error: UNFINISHED_ERROR },
  });
  return closed.count;
}
