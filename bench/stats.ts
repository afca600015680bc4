// Pure summaries of repeated measurements.

export interface Spread {
  min: number;
  median: number;
  max: number;
  n: number;
}

/** min / median / max of a non-empty list (median of an even count: mean of the middle two). */
export function spread(values: number[]): Spread {
  if (values.length === 0) throw new Error('spread: no measurements to summarise');
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { min: s[0]!, median, max: s[s.length - 1]!, n: s.length };
}

/** Counts of each distinct value, e.g. poll statuses: { ok: 199, refused: 1 }. */
export function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
