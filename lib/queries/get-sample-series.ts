import type { Db } from '../db/client';
import { providerOf } from '../db/providers/dialect';
import { sampleSeriesPg } from './postgres-sql';
import { planSeries, type SeriesPlan } from './series-plan';
import { toNumber } from './sql-values';

/** One time bucket of a target's entropy series; entropy fields are null when no poll in it succeeded. */
export interface SeriesPoint {
  /** bucket start, unix ms */
  at: number;
  min: number | null;
  avg: number | null;
  max: number | null;
  /** successful polls in the bucket */
  ok: number;
  /** failed polls in the bucket */
  failures: number;
}

export interface SampleSeries {
  target: string;
  from: Date;
  to: Date;
  stepMs: number;
  source: SeriesPlan['source'];
  points: SeriesPoint[];
}

/**
 * A target's entropy_avail between from and to, downsampled to min/avg/max per bucket (at most MAX_POINTS
 * buckets; hourly rollups for whole-hour steps, raw samples grouped by step otherwise). Null for an
 * unknown target; throws SeriesPlanError when an explicit step would give too many points.
 */
export async function getSampleSeries(
  db: Db,
  name: string,
  range: { from: Date; to: Date; step?: number | undefined },
): Promise<SampleSeries | null> {
  const plan = planSeries({ from: range.from, to: range.to, stepMs: range.step });
  const target = await db.target.findUnique({ where: { name }, select: { id: true } });
  if (!target) return null;
  const step = plan.stepMs;
  const from = plan.from.getTime();
  const to = range.to.getTime();
  // `t - t % step` buckets the unix-ms times inside SQLite (% is integer arithmetic even when the driver
  // binds the step as a REAL, which would make `/` a float division); only ≤ MAX_POINTS rows come back.
  const rows =
    providerOf(db) === 'postgresql'
      ? await db.$queryRaw<RawPoint[]>(sampleSeriesPg(plan.source, target.id, step, from, to))
      : plan.source === 'rollup'
        ? await db.$queryRaw<RawPoint[]>`
          SELECT bucket - bucket % ${step} AS b, MIN(minEntropy) AS mn, MAX(maxEntropy) AS mx,
                 SUM(sumEntropy) AS total, SUM(count) AS ok, SUM(failures) AS failures
          FROM SampleRollup
          WHERE targetId = ${target.id} AND bucket >= ${from} AND bucket < ${to}
          GROUP BY b ORDER BY b`
        : await db.$queryRaw<RawPoint[]>`
          SELECT at - at % ${step} AS b, MIN(entropyAvail) AS mn, MAX(entropyAvail) AS mx,
                 SUM(CASE WHEN status = 'ok' THEN entropyAvail END) AS total,
                 SUM(CASE WHEN status = 'ok' AND entropyAvail IS NOT NULL THEN 1 ELSE 0 END) AS ok,
                 SUM(CASE WHEN status = 'ok' THEN 0 ELSE 1 END) AS failures
          FROM Sample
          WHERE targetId = ${target.id} AND at >= ${from} AND at < ${to}
          GROUP BY b ORDER BY b`;
  const points = rows.map((r): SeriesPoint => {
    const ok = toNumber(r.ok) ?? 0;
    const total = toNumber(r.total);
    return {
      at: toNumber(r.b)!,
      min: ok > 0 ? toNumber(r.mn) : null,
      avg: ok > 0 && total !== null ? Math.round((total / ok) * 10) / 10 : null,
      max: ok > 0 ? toNumber(r.mx) : null,
      ok,
      failures: toNumber(r.failures) ?? 0,
    };
  });
  return { target: name, from: plan.from, to: range.to, stepMs: step, source: plan.source, points };
}

interface RawPoint {
  b: unknown;
  mn: unknown;
  mx: unknown;
  total: unknown;
  ok: unknown;
  failures: unknown;
}
