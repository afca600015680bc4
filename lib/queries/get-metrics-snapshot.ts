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

export interface MetricsSnapshot {
  at: Date;
  intervalMs: number;
  targets: MetricsTarget[];
  openFindings: { rule: string; severity: string; count: number }[];
  collectors: MetricsCollector[];
}

/** Everything /metrics exposes, read in a handful of portable queries (no raw SQL: SQLite and PostgreSQL alike). */
export async function getMetricsSnapshot(db: Db, now = new Date()): Promise<MetricsSnapshot> {
  const [pace, targets, findings, collectors, leases] = await Promise.all([
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
    openFindings: findings.map((f) => ({ rule: f.rule, severity: f.severity, count: f._count._all })),
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
