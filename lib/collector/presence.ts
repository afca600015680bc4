import os from 'node:os';
import type { Db } from '../db/client';
import type { CollectorMetrics } from '../metrics/collector-metrics';

/** Who this collector process is, as `--collector-id` and `--site` name it. */
export interface CollectorIdentity {
  id: string;
  site: string | null;
}

/** The default collector id: this machine's host name. */
export function defaultCollectorId(): string {
  return os.hostname();
}

/** Creates or refreshes this collector's row at start (a restart under the same id takes the row over). */
export async function announceCollector(db: Db, who: CollectorIdentity, now = new Date()): Promise<void> {
  const fields = {
    site: who.site,
    hostname: os.hostname(),
    pid: process.pid,
    startedAt: now,
    heartbeatAt: now,
  };
  await db.collector.upsert({ where: { id: who.id }, create: { id: who.id, ...fields }, update: fields });
}

/** Records a finished cycle: heartbeat, duration, target count and the process's own metrics as JSON. */
export async function recordCollectorCycle(
  db: Db,
  who: CollectorIdentity,
  cycle: { finishedAt: Date; durationMs: number; targets: number },
  metrics: CollectorMetrics,
): Promise<void> {
  const json = JSON.stringify(await metrics.registry.getMetricsAsJSON());
  await db.collector.update({
    where: { id: who.id },
    data: {
      heartbeatAt: cycle.finishedAt,
      lastCycleAt: cycle.finishedAt,
      lastCycleMs: Math.round(cycle.durationMs),
      targets: cycle.targets,
      metrics: json,
    },
  });
}
