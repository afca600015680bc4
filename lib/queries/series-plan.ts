// How a chart range becomes buckets: never more than MAX_POINTS per series, hourly rollups whenever the
// step allows (a 30-day chart reads ~720 rollup rows instead of ~43,000 samples). Pure.

const MIN = 60_000;
const HOUR = 3_600_000;

/** Upper bound on the points of one series, whatever the range and step asked for. */
export const MAX_POINTS = 1000;

/** Steps the automatic choice picks from, so buckets land on round times. */
export const NICE_STEPS_MS = [
  MIN,
  2 * MIN,
  5 * MIN,
  10 * MIN,
  15 * MIN,
  30 * MIN,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
  2 * 24 * HOUR,
  7 * 24 * HOUR,
] as const;

export interface SeriesPlan {
  /** first bucket start (from, aligned down to the step) */
  from: Date;
  to: Date;
  stepMs: number;
  /** raw samples grouped by step, or hourly rollups grouped by step */
  source: 'raw' | 'rollup';
  /** most buckets the range can produce */
  maxBuckets: number;
}

/** Thrown when an explicit step would produce more than MAX_POINTS buckets; the message names a step that works. */
export class SeriesPlanError extends Error {
  override name = 'SeriesPlanError';
}

function bucketCount(fromMs: number, toMs: number, stepMs: number): number {
  const start = Math.floor(fromMs / stepMs) * stepMs;
  return Math.max(1, Math.ceil((toMs - start) / stepMs));
}

/** Formats a step back into the "5m" / "1h" / "2d" notation the API accepts. */
export function formatStep(ms: number): string {
  if (ms % (24 * HOUR) === 0) return `${ms / (24 * HOUR)}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  if (ms % MIN === 0) return `${ms / MIN}m`;
  return `${Math.round(ms / 1000)}s`;
}

/** Smallest nice step that keeps the range within maxPoints buckets. */
export function chooseStep(fromMs: number, toMs: number, maxPoints = MAX_POINTS): number {
  for (const step of NICE_STEPS_MS) {
    if (bucketCount(fromMs, toMs, step) <= maxPoints) return step;
  }
  // Beyond the table (ranges of years): whole days.
  const days = Math.ceil((toMs - fromMs) / (24 * HOUR) / (maxPoints - 1));
  return days * 24 * HOUR;
}

/**
 * Chooses bucket size and source for a chart: the given step (refused with a hint when it would give more
 * than maxPoints buckets) or the smallest nice step that fits; hourly rollups when the step is whole hours.
 */
export function planSeries(
  range: { from: Date; to: Date; stepMs?: number | undefined },
  maxPoints = MAX_POINTS,
): SeriesPlan {
  const fromMs = range.from.getTime();
  const toMs = range.to.getTime();
  if (!(toMs > fromMs)) throw new SeriesPlanError('"from" must be earlier than "to"');
  let stepMs = range.stepMs;
  if (stepMs !== undefined) {
    if (!(stepMs > 0)) throw new SeriesPlanError('step must be a positive duration such as 5m');
    const n = bucketCount(fromMs, toMs, stepMs);
    if (n > maxPoints) {
      throw new SeriesPlanError(
        `step ${formatStep(stepMs)} over this range gives ${n} points, more than the ${maxPoints} allowed; ` +
          `use step=${formatStep(chooseStep(fromMs, toMs, maxPoints))} or larger, or a shorter range`,
      );
    }
  } else {
    stepMs = chooseStep(fromMs, toMs, maxPoints);
  }
  const start = Math.floor(fromMs / stepMs) * stepMs;
  return {
    from: new Date(start),
    to: range.to,
    stepMs,
    source: stepMs % HOUR === 0 ? 'rollup' : 'raw',
    maxBuckets: bucketCount(fromMs, toMs, stepMs),
  };
}
