import type { FleetTarget } from './list-targets';
import {
  compareHealth,
  FRESHNESSES,
  isUnhealthy,
  TARGET_STATUSES,
  worseFreshness,
  worseStatus,
  type Freshness,
  type TargetStatus,
} from './target-status';

// Filtering, sorting and grouping of the fleet (hosts with their guests). Pure, so the page and the API
// agree and the ordering is tested without a database.

export const FLEET_SORTS = ['status', 'name', 'entropy', 'last-poll'] as const;
export type FleetSort = (typeof FLEET_SORTS)[number];

export const FLEET_STATUS_FILTERS = ['all', 'unhealthy', ...TARGET_STATUSES] as const;
export type FleetStatusFilter = (typeof FLEET_STATUS_FILTERS)[number];

export const FLEET_FRESHNESS_FILTERS = ['all', ...FRESHNESSES] as const;
export type FleetFreshnessFilter = (typeof FLEET_FRESHNESS_FILTERS)[number];

export interface FleetFilter {
  /** severity (critical/warning/info/ok), or "unhealthy" (see isUnhealthy) */
  status?: FleetStatusFilter;
  /** fresh/stale/unreachable */
  freshness?: FleetFreshnessFilter;
  /** case-insensitive text matched against name, domain, address and the host's name */
  q?: string;
  sort?: FleetSort;
}

const oneOf = <T extends string>(list: readonly T[], v: string | undefined): v is T =>
  (list as readonly string[]).includes(v ?? '');

/**
 * Reads ?status=&freshness=&q=&sort= leniently: unknown values fall back to the defaults (all, all, "",
 * worst first). Links from before freshness was its own fact (?status=stale|unreachable) still work.
 */
export function parseFleetFilter(params: Record<string, string | undefined>): Required<FleetFilter> {
  const legacy = params.status === 'stale' || params.status === 'unreachable' ? params.status : undefined;
  const status = oneOf(FLEET_STATUS_FILTERS, params.status) ? params.status : 'all';
  const freshness = oneOf(FLEET_FRESHNESS_FILTERS, params.freshness) ? params.freshness : (legacy ?? 'all');
  const sort = oneOf(FLEET_SORTS, params.sort) ? params.sort : 'status';
  return { status, freshness, q: (params.q ?? '').trim().slice(0, 200), sort };
}

/** What matchesFleetFilter reads of a target (GET /api/v1/targets filters lean order rows with it too). */
export type FleetFilterFields = Pick<
  FleetTarget,
  'status' | 'freshness' | 'name' | 'domain' | 'address' | 'hostName'
>;

/** Whether a target passes the status and freshness filters and the text search. */
export function matchesFleetFilter(t: FleetFilterFields, filter: FleetFilter): boolean {
  const s = filter.status ?? 'all';
  if (s === 'unhealthy' ? !isUnhealthy(t) : s !== 'all' && t.status !== s) return false;
  const f = filter.freshness ?? 'all';
  if (f !== 'all' && t.freshness !== f) return false;
  const q = (filter.q ?? '').trim().toLowerCase();
  if (!q) return true;
  return [t.name, t.domain, t.address, t.hostName].some((v) => v !== null && v.toLowerCase().includes(q));
}

/** How names compare in every fleet order: case- and accent-blind, digits as numbers ("vm-2" < "vm-10"). */
export const NAME_COLLATOR = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const collator = NAME_COLLATOR;

/**
 * Orders two targets: worst first (severity, then freshness, then more critical and warning findings,
 * lower entropy, name), or by name/entropy/last poll.
 */
export function compareTargets(a: FleetTarget, b: FleetTarget, sort: FleetSort = 'status'): number {
  switch (sort) {
    case 'name':
      return byName(a, b);
    case 'entropy':
      return nullsLast(a.entropyAvail, b.entropyAvail) || byName(a, b);
    case 'last-poll':
      // Oldest poll first: the targets the collector has lost track of come up top.
      return nullsFirst(a.lastPollAt?.getTime() ?? null, b.lastPollAt?.getTime() ?? null) || byName(a, b);
    case 'status':
      return (
        compareHealth(a, b) ||
        b.open.critical - a.open.critical ||
        b.open.warning - a.open.warning ||
        nullsLast(a.entropyAvail, b.entropyAvail) ||
        byName(a, b)
      );
  }
}

// The collator only when the other keys tie: it is the costly part of sorting 10,000 targets.
function byName(a: FleetTarget, b: FleetTarget): number {
  return collator.compare(a.name, b.name);
}

/** Ascending, nulls after every number (the fleet's sort keys; fleet-order.ts uses the same). */
export function nullsLast(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

/** Ascending, nulls before every number. */
export function nullsFirst(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}

/** A host with its guests; `host` is null for the group of guests whose host is not in the inventory. */
export interface FleetGroup {
  key: string;
  host: FleetTarget | null;
  /** false when the host row is shown only as the heading of matching guests */
  hostMatches: boolean;
  guests: FleetTarget[];
  /** worst status among the shown rows */
  worst: TargetStatus;
  /** worst freshness among the shown rows */
  worstFreshness: Freshness;
}

export interface FleetView {
  groups: FleetGroup[];
  /** targets that match the filter */
  shown: number;
  total: number;
}

/**
 * Groups targets under their hosts, keeps groups with at least one matching row (a host row stays as the
 * heading of its matching guests) and orders groups and guests by the chosen sort: worst first by default,
 * so a guest with a critical finding and its host come first.
 */
export function buildFleetView(targets: FleetTarget[], filter: FleetFilter = {}): FleetView {
  const sort = filter.sort ?? 'status';
  const hosts = new Map<string, FleetTarget>();
  for (const t of targets) if (t.kind !== 'guest') hosts.set(t.name, t);
  const guestsOf = new Map<string | null, FleetTarget[]>();
  for (const t of targets) {
    if (t.kind !== 'guest') continue;
    const key = t.hostName !== null && hosts.has(t.hostName) ? t.hostName : null;
    const list = guestsOf.get(key) ?? [];
    list.push(t);
    guestsOf.set(key, list);
  }

  const groups: FleetGroup[] = [];
  let shown = 0;
  const addGroup = (key: string, host: FleetTarget | null, members: FleetTarget[]) => {
    const hostMatches = host !== null && matchesFleetFilter(host, filter);
    const guests = members
      .filter((g) => matchesFleetFilter(g, filter))
      .sort((a, b) => compareTargets(a, b, sort));
    if (!hostMatches && guests.length === 0) return;
    shown += guests.length + (hostMatches ? 1 : 0);
    const rows = hostMatches && host ? [host, ...guests] : guests;
    const worst = rows.reduce<TargetStatus>((w, t) => worseStatus(w, t.status), 'ok');
    const worstFreshness = rows.reduce<Freshness>((w, t) => worseFreshness(w, t.freshness), 'fresh');
    groups.push({ key, host, hostMatches, guests, worst, worstFreshness });
  };
  for (const host of hosts.values()) addGroup(`host:${host.name}`, host, guestsOf.get(host.name) ?? []);
  const orphans = guestsOf.get(null);
  if (orphans) addGroup('orphans', null, orphans);

  groups.sort((a, b) => compareGroups(a, b, sort));
  return { groups, shown, total: targets.length };
}

// A group sorts by its most urgent shown row, so the host of a critical guest comes first.
function compareGroups(a: FleetGroup, b: FleetGroup, sort: FleetSort): number {
  const lead = (g: FleetGroup): FleetTarget => {
    const rows = g.hostMatches && g.host ? [g.host, ...g.guests] : g.guests;
    return rows.reduce((best, t) => (compareTargets(t, best, sort) < 0 ? t : best));
  };
  if (sort === 'name') {
    return collator.compare(a.host?.name ?? '\uffff', b.host?.name ?? '\uffff');
  }
  return compareTargets(lead(a), lead(b), sort) || collator.compare(a.key, b.key);
}

export interface FleetCounts {
  targets: number;
  hosts: number;
  guests: number;
  /** targets with an open critical or warning finding, or whose data is not fresh (see isUnhealthy) */
  unhealthy: number;
  /** by severity, whatever the freshness: a critical target on stale data counts as critical */
  byStatus: Record<TargetStatus, number>;
  /** by freshness, whatever the severity */
  byFreshness: Record<Freshness, number>;
  openFindings: { critical: number; warning: number; info: number };
}

/** Tallies statuses, freshness and open findings over the given targets. */
export function summarizeFleet(targets: FleetTarget[]): FleetCounts {
  const byStatus: Record<TargetStatus, number> = { critical: 0, warning: 0, info: 0, ok: 0 };
  const byFreshness: Record<Freshness, number> = { unreachable: 0, stale: 0, fresh: 0 };
  const openFindings = { critical: 0, warning: 0, info: 0 };
  let hosts = 0;
  let guests = 0;
  let unhealthy = 0;
  for (const t of targets) {
    byStatus[t.status] += 1;
    byFreshness[t.freshness] += 1;
    if (isUnhealthy(t)) unhealthy += 1;
    if (t.kind === 'host') hosts += 1;
    if (t.kind === 'guest') guests += 1;
    openFindings.critical += t.open.critical;
    openFindings.warning += t.open.warning;
    openFindings.info += t.open.info;
  }
  return {
    targets: targets.length,
    hosts,
    guests,
    unhealthy,
    byStatus,
    byFreshness,
    openFindings,
  };
}
