import type { Observation, CheckContext } from '../types';

/** A value this target shares with other targets, and those other targets (sorted by name). */
export interface SharedValue {
  value: string;
  others: string[];
}

/**
 * Values of this target's latest observation that other fleet members also present, e.g. SSH host
 * key fingerprints or machine-ids. Only other targets count; a target appears once per value.
 */
export function sharedWithFleet(ctx: CheckContext, valuesOf: (obs: Observation) => string[]): SharedValue[] {
  const own = ctx.target.observation;
  if (!own) return [];
  const mine = [...new Set(valuesOf(own))];
  const shared: SharedValue[] = [];
  for (const value of mine) {
    const others = ctx.fleet
      .filter((t) => t.name !== ctx.target.name && t.observation && valuesOf(t.observation).includes(value))
      .map((t) => t.name);
    if (others.length > 0) shared.push({ value, others: [...new Set(others)].sort() });
  }
  return shared.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** First 8 characters after any "SHA256:" prefix, for one-line summaries. */
export function shortId(value: string): string {
  return value.replace(/^SHA256:/, '').slice(0, 8);
}
