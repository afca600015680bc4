import { matchesFleetFilter, NAME_COLLATOR, nullsFirst, nullsLast, type FleetFilter } from './fleet-view';
import { FRESHNESS_RANK, STATUS_RANK, type Freshness, type TargetStatus } from './target-status';

// The order of GET /api/v1/targets from only what ordering and filtering need, one small row per target
// (no FleetTarget objects, no observation), so ordering 10,000 targets stays a few milliseconds. Pure.
// The order is compareTargets' (fleet-view.ts), with ties broken by id (the order the whole-fleet read
// used to return rows in, which its stable sort kept); fleet-order.test.ts checks both agree.

/** One target as ordering and filtering the fleet read it. */
export interface FleetOrderRow {
  id: number;
  name: string;
  status: TargetStatus;
  freshness: Freshness;
  /** open findings that count toward the status (not silenced, accepted or waiting for a cold boot) */
  critical: number;
  warning: number;
  entropyAvail: number | null;
  /** unix ms of the last poll; null when never polled */
  lastPollAtMs: number | null;
  /** only needed when the filter has a text search (q) */
  domain: string | null;
  address: string | null;
  hostName: string | null;
}

/** Dense ranks of names in NAME_COLLATOR's order: names the collator calls equal share a rank. */
export function collatorRanks(names: Iterable<string>): Map<string, number> {
  const sorted = [...new Set(names)].sort(NAME_COLLATOR.compare);
  const ranks = new Map<string, number>();
  let rank = 0;
  sorted.forEach((name, i) => {
    if (i > 0 && NAME_COLLATOR.compare(sorted[i - 1]!, name) !== 0) rank += 1;
    ranks.set(name, rank);
  });
  return ranks;
}

// Ranks of a set of names keep their order on any subset, so one map serves every request whose names it
// covers. It depends on the names alone (not on the database), so it can never be out of date.
let lastRanks = new Map<string, number>();

/** collatorRanks of `names`, reusing the last ranks while they cover every name. */
export function coveringCollatorRanks(names: readonly string[]): Map<string, number> {
  for (const name of names) {
    if (!lastRanks.has(name)) {
      lastRanks = collatorRanks(names);
      break;
    }
  }
  return lastRanks;
}

/** Filters (status, freshness, q) and orders the fleet as compareTargets does; the ids of one slice and the total. */
export function orderFleetRows(
  rows: readonly FleetOrderRow[],
  filter: FleetFilter,
  offset: number,
  limit: number,
): { ids: number[]; total: number } {
  const sort = filter.sort ?? 'status';
  const matching = rows.filter((r) => matchesFleetFilter(r, filter));
  const ranks = coveringCollatorRanks(matching.map((r) => r.name));
  const keyed = matching.map((r) => ({
    r,
    health: STATUS_RANK[r.status] * 3 + FRESHNESS_RANK[r.freshness],
    name: ranks.get(r.name)!,
  }));
  type Keyed = (typeof keyed)[number];
  const byName = (a: Keyed, b: Keyed) => a.name - b.name || a.r.id - b.r.id;
  const compare: (a: Keyed, b: Keyed) => number =
    sort === 'name'
      ? byName
      : sort === 'entropy'
        ? (a, b) => nullsLast(a.r.entropyAvail, b.r.entropyAvail) || byName(a, b)
        : sort === 'last-poll'
          ? (a, b) => nullsFirst(a.r.lastPollAtMs, b.r.lastPollAtMs) || byName(a, b)
          : (a, b) =>
              a.health - b.health ||
              b.r.critical - a.r.critical ||
              b.r.warning - a.r.warning ||
              nullsLast(a.r.entropyAvail, b.r.entropyAvail) ||
              byName(a, b);
  keyed.sort(compare);
  return { ids: keyed.slice(offset, offset + limit).map((k) => k.r.id), total: keyed.length };
}
