import type { Db } from '../db/client';
import { getCollectorPace } from './collector-pace';
import { parseObservationJson } from './stored-json';

/** One live target as /metrics labels and values it. */
export interface MetricsTarget {
  name: string;
  kind: string;
  /** the guest's host; "" for hosts and the local machine */
  host: string;
  /** os-release ID of the latest observation, e.g. "debian"; "" when unknown */
  platform: string;
  /** the latest poll succeeded and is not stale (newer than 3 intervals) */
  up: boolean;
  lastPollAt: Date | null;
  entropyAvail: number | null;
  poolsize: number | null;
  /** rng_current of the latest observation; null when unknown */
  rngCurrent: string | null;
}

/** A collector with the figures it stored after its last cycle. */
export interface MetricsCollector {
  id: string;
  site: string | null;
  heartbeatAt: Date;
  lastCycleAt: Date | null;
  /** prom-client getMetricsAsJSON() of the process, as stored */
  metricsJson: string;
  /** leases it holds that have not expired */
  leases: number;
}

/**
 * Why an open finding does or does not page anyone: `accepted` (the inventory's accept: policy),
 * `waiting-cold-boot` (its fix is in the definition, the running domain does not have it yet), `silenced`
 * (a silence in force now), else `alerting` (the first that holds, as lib/alerts/muted.ts mutes them). Prometheus rules select state="alerting", so a silence or an
 * acceptance made in the dashboard quiets Prometheus' alerts too.
 */
export type FindingAlertState = 'alerting' | 'silenced' | 'accepted' | 'waiting-cold-boot';

export interface OpenFindingCount {
  rule: string;
  severity: string;
  state: FindingAlertState;
  count: number;
}

export interface MetricsSnapshot {
  at: Date;
  intervalMs: number;
  targets: MetricsTarget[];
  openFindings: OpenFindingCount[];
  collectors: MetricsCollector[];
}

/** Everything /metrics exposes, read in a handful of portable queries (no raw SQL: SQLite and PostgreSQL alike). */
export async function getMetricsSnapshot(db: Db, now = new Date()): Promise<MetricsSnapshot> {
  const [pace, targets, findings, accepted, waiting, silenced, collectors, leases] = await Promise.all([
    getCollectorPace(db),
    db.target.findMany({
      where: { removedAt: null },
      orderBy: { name: 'asc' },
      select: {
        name: true,
        kind: true,
        lastStatus: true,
        lastPollAt: true,
        lastEntropyAvail: true,
        lastPoolsize: true,
        host: { select: { name: true } },
        observation: { select: { data: true } },
      },
    }),
    db.finding.groupBy({ by: ['rule', 'severity'], where: { state: 'open' }, _count: { _all: true } }),
    db.finding.groupBy({
      by: ['rule', 'severity'],
      where: { state: 'open', acceptedReason: { not: null } },
      _count: { _all: true },
    }),
    db.finding.groupBy({
      by: ['rule', 'severity'],
      where: { state: 'open', acceptedReason: null, pendingColdBootSince: { not: null } },
      _count: { _all: true },
    }),
    db.finding.groupBy({
      by: ['rule', 'severity'],
      where: {
        state: 'open',
        acceptedReason: null,
        pendingColdBootSince: null,
        silence: { is: { expiresAt: { gt: now } } },
      },
      _count: { _all: true },
    }),
    db.collector.findMany({ orderBy: { id: 'asc' } }),
    db.targetLease.groupBy({
      by: ['collectorId'],
      where: { expiresAt: { gt: now } },
      _count: { _all: true },
    }),
  ]);
  const leaseCount = new Map(leases.map((l) => [l.collectorId, l._count._all]));
  return {
    at: now,
    intervalMs: pace.intervalMs,
    targets: targets.map((t) => {
      const obs = t.observation ? parseObservationJson(t.observation.data) : null;
      const observation = obs?.ok ? obs.value : null;
      const fresh = t.lastPollAt !== null && now.getTime() - t.lastPollAt.getTime() <= pace.staleAfterMs;
      return {
        name: t.name,
        kind: t.kind,
        host: t.host?.name ?? '',
        platform: observation?.osId ?? '',
        up: fresh && t.lastStatus === 'ok',
        lastPollAt: t.lastPollAt,
        entropyAvail: t.lastEntropyAvail,
        poolsize: t.lastPoolsize,
        rngCurrent: observation?.rngCurrent ?? null,
      };
    }),
    openFindings: splitByAlertState(findings.map(count), {
      accepted: accepted.map(count),
      'waiting-cold-boot': waiting.map(count),
      silenced: silenced.map(count),
    }),
    collectors: collectors.map((c) => ({
      id: c.id,
      site: c.site,
      heartbeatAt: c.heartbeatAt,
      lastCycleAt: c.lastCycleAt,
      metricsJson: c.metrics,
      leases: leaseCount.get(c.id) ?? 0,
    })),
  };
}

type Count = { rule: string; severity: string; count: number };
const count = (g: { rule: string; severity: string; _count: { _all: number } }): Count => ({
  rule: g.rule,
  severity: g.severity,
  count: g._count._all,
});

/** All open findings per rule and severity, split by the disjoint muted counts (pure). */
export function splitByAlertState(
  all: Count[],
  muted: Record<Exclude<FindingAlertState, 'alerting'>, Count[]>,
): OpenFindingCount[] {
  const key = (c: Count) => `${c.rule}\u0000${c.severity}`;
  const states = Object.entries(muted).map(
    ([state, counts]) => [state as FindingAlertState, new Map(counts.map((c) => [key(c), c.count]))] as const,
  );
  return all.flatMap((c) => {
    const rows: OpenFindingCount[] = [];
    let rest = c.count;
    for (const [state, counts] of states) {
      const n = counts.get(key(c)) ?? 0;
      if (n > 0) rows.push({ ...c, state, count: n });
      rest -= n;
    }
    return [{ ...c, state: 'alerting' as const, count: Math.max(0, rest) }, ...rows];
  });
}
