import type { CheckContext, TargetState } from '../types';

/** A value this target shares with other targets, and those other targets (sorted by name). */
export interface SharedValue {
  value: string;
  /** the other targets with the value, sorted by name, at most MAX_OTHERS of them */
  others: string[];
  /** how many other targets have the value (others may be cut to MAX_OTHERS) */
  othersCount: number;
}

/** Names listed per shared value: a thousand clones make one finding with a count, not a wall of names. */
export const MAX_OTHERS = 16;

type ValuesOf = (target: TargetState) => readonly string[];

// One index per fleet (the checks of one cycle share its TargetState array) and per kind of value:
// building it is linear in the fleet, and each target's lookup then costs O(MAX_OTHERS), so clone
// matching is linear per cycle instead of quadratic. Keyed by the array itself, it goes with the cycle.
interface Holders {
  /** names of the targets with the value, sorted */
  names: string[];
  members: Set<string>;
  /** how many of them are not guests (hosts and the local machine) */
  nonGuests: number;
}
const indexes = new WeakMap<readonly TargetState[], Map<string, Map<string, Holders>>>();

/** value → the targets that have it, built once per fleet and `kind`. */
export function fleetIndex(
  fleet: readonly TargetState[],
  kind: string,
  valuesOf: ValuesOf,
): Map<string, Holders> {
  let byKind = indexes.get(fleet);
  if (!byKind) indexes.set(fleet, (byKind = new Map()));
  const cached = byKind.get(kind);
  if (cached) return cached;
  const index = new Map<string, Holders>();
  for (const target of fleet) {
    for (const value of new Set(valuesOf(target))) {
      let holders = index.get(value);
      if (!holders) index.set(value, (holders = { names: [], members: new Set(), nonGuests: 0 }));
      if (holders.members.has(target.name)) continue;
      holders.members.add(target.name);
      holders.names.push(target.name);
      if (target.kind !== 'guest') holders.nonGuests++;
    }
  }
  for (const holders of index.values()) holders.names.sort();
  byKind.set(kind, index);
  return index;
}

/** The first MAX_OTHERS names other than `self`, without walking the whole list. */
function firstOthers(names: readonly string[], self: string): string[] {
  const out: string[] = [];
  for (const n of names) {
    if (n === self) continue;
    out.push(n);
    if (out.length === MAX_OTHERS) break;
  }
  return out;
}

function shared(
  ctx: CheckContext,
  kind: string,
  valuesOf: ValuesOf,
  keep: (h: Holders, self: boolean) => boolean,
) {
  const index = fleetIndex(ctx.fleet, kind, valuesOf);
  const self = ctx.target.name;
  const result: SharedValue[] = [];
  for (const value of new Set(valuesOf(ctx.target))) {
    const holders = index.get(value);
    if (!holders) continue;
    const selfIn = holders.members.has(self);
    const othersCount = holders.names.length - (selfIn ? 1 : 0);
    if (othersCount > 0 && keep(holders, selfIn)) {
      result.push({ value, others: firstOthers(holders.names, self), othersCount });
    }
  }
  return result.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/**
 * Values of this target that other fleet members also have, e.g. host key fingerprints or
 * machine-ids, found through one index per cycle (`kind` names it). Only other targets count.
 */
export function sharedWithFleet(ctx: CheckContext, kind: string, valuesOf: ValuesOf): SharedValue[] {
  return shared(ctx, kind, valuesOf, () => true);
}

/**
 * Shared values of identities each target reports about itself (machine-id, random-seed hash). A guest
 * can report any value, including its host's: a host is never flagged when only guests claim its value
 * (the guests are flagged, the host is not), so no finding opens on a host on a guest's word.
 */
export function sharedSelfReported(ctx: CheckContext, kind: string, valuesOf: ValuesOf): SharedValue[] {
  if (ctx.target.kind === 'guest') return sharedWithFleet(ctx, kind, valuesOf);
  // Another non-guest holds the value too: this target's own non-guest count is then above 1.
  return shared(ctx, kind, valuesOf, (h, selfIn) => h.nonGuests - (selfIn ? 1 : 0) > 0);
}

/** "a, b, c" or "a, b, c and 997 more". */
export function listOthers(shared: Pick<SharedValue, 'others' | 'othersCount'>): string {
  const more = shared.othersCount - shared.others.length;
  return more > 0 ? `${shared.others.join(', ')} and ${more} more` : shared.others.join(', ');
}

/** First 8 characters after any "SHA256:" prefix, for one-line summaries. */
export function shortId(value: string): string {
  return value.replace(/^SHA256:/, '').slice(0, 8);
}
