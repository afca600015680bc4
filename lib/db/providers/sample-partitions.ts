import type { Db } from '../client';
import { providerOf } from './dialect';

// Monthly partitions of "Sample" on PostgreSQL (migration *_partition_samples): the job keeps this
// month's and next month's partitions in place and drops every partition whose whole month is older
// than the retention, which frees the space at once (a DELETE leaves dead rows to vacuum).

export const PARTITION_SCHEMA = 'entropy_watch_partitions';

/** A month partition: its table name and [from, to) bounds in UTC. */
export interface MonthPartition {
  name: string;
  from: Date;
  to: Date;
}

/** The partition of the month that contains `at` (UTC). */
export function monthPartition(at: Date): MonthPartition {
  const from = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const to = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  const mm = String(from.getUTCMonth() + 1).padStart(2, '0');
  return { name: `Sample_${from.getUTCFullYear()}_${mm}`, from, to };
}

/** Names of month partitions that hold only samples older than `cutoff` (their month ended before it). */
export function expiredPartitions(names: string[], cutoff: Date): string[] {
  return names.filter((n) => {
    const m = /^Sample_(\d{4})_(\d{2})$/.exec(n);
    if (!m) return false;
    return Date.UTC(Number(m[1]), Number(m[2]), 1) <= cutoff.getTime();
  });
}

const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** Creates this month's and next month's partitions if missing, drops expired ones; says what it did. */
export async function maintainSamplePartitions(db: Db, now: Date, retentionMs: number): Promise<string> {
  if (providerOf(db) !== 'postgresql') return 'not PostgreSQL: samples are not partitioned';
  const existing = (
    await db.$queryRaw<{ name: string }[]>`
      SELECT c.relname AS "name" FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'Sample'`
  ).map((r) => r.name);
  const created: string[] = [];
  const thisMonth = monthPartition(now);
  for (const part of [thisMonth, monthPartition(thisMonth.to)]) {
    if (existing.includes(part.name)) continue;
    // Names and bounds come from monthPartition (digits and underscores), never from input.
    await db.$executeRawUnsafe(
      `CREATE TABLE IF NOT EXISTS "${PARTITION_SCHEMA}"."${part.name}" PARTITION OF "Sample" FOR VALUES FROM ('${ymd(part.from)}') TO ('${ymd(part.to)}')`,
    );
    created.push(part.name);
  }
  const dropped = expiredPartitions(existing, new Date(now.getTime() - retentionMs));
  for (const name of dropped) {
    await db.$executeRawUnsafe(`DROP TABLE IF EXISTS "${PARTITION_SCHEMA}"."${name}"`);
  }
  return `sample partitions: created ${created.length ? created.join(', ') : 'none'}; dropped ${dropped.length ? dropped.join(', ') : 'none'}`;
}
