import type { Db } from '../db/client';
import { maintainSamplePartitions } from '../db/providers/sample-partitions';

/** A housekeeping job the collector runs on its own schedule. */
export interface Job {
  name: string;
  everyMs: number;
  run(db: Db, now: Date): Promise<string>;
}

const DAY = 86_400_000;
/** Raw samples older than this are deleted; hourly rollups keep the long view. */
export const SAMPLE_RETENTION_MS = 35 * DAY;
export const ROLLUP_RETENTION_MS = 400 * DAY;
export const RUN_RETENTION_MS = 7 * DAY;

export const jobs: Job[] = [
  {
    // PostgreSQL: whole months of samples past the retention are dropped (and the next month's
    // partition made ready) before prune-samples deletes what is left row by row.
    name: 'sample-partitions',
    everyMs: 3_600_000,
    run: (db, now) => maintainSamplePartitions(db, now, SAMPLE_RETENTION_MS),
  },
  {
    name: 'prune-samples',
    everyMs: 3_600_000,
    async run(db, now) {
      const { count } = await db.sample.deleteMany({
        where: { at: { lt: new Date(now.getTime() - SAMPLE_RETENTION_MS) } },
      });
      return `deleted ${count} samples older than 35 days`;
    },
  },
  {
    name: 'prune-rollups',
    everyMs: 6 * 3_600_000,
    async run(db, now) {
      const { count } = await db.sampleRollup.deleteMany({
        where: { bucket: { lt: new Date(now.getTime() - ROLLUP_RETENTION_MS) } },
      });
      return `deleted ${count} hourly rollups older than 400 days`;
    },
  },
  {
    name: 'prune-collector-runs',
    everyMs: 6 * 3_600_000,
    async run(db, now) {
      const { count } = await db.collectorRun.deleteMany({
        where: { startedAt: { lt: new Date(now.getTime() - RUN_RETENTION_MS) } },
      });
      return `deleted ${count} collector runs older than 7 days`;
    },
  },
];
