import type { Db } from '../db/client';
import { getCollectorPace } from './collector-pace';

/** One collector process as the health endpoint and the dashboard show it. */
export interface CollectorView {
  id: string;
  site: string | null;
  hostname: string;
  pid: number;
  startedAt: Date;
  heartbeatAt: Date;
  /** reported within 3 poll intervals */
  alive: boolean;
  lastCycleAt: Date | null;
  lastCycleMs: number | null;
  /** targets polled in its last cycle */
  lastCycleTargets: number;
  /** unexpired target leases it holds (PostgreSQL; 0 on SQLite, where one collector polls all) */
  leases: number;
}

/** Every collector that ever reported, alive first, with its lease count and last cycle. */
export async function listCollectors(db: Db, now = new Date()): Promise<CollectorView[]> {
  const [pace, rows, leases] = await Promise.all([
    getCollectorPace(db),
    db.collector.findMany({ orderBy: { id: 'asc' } }),
    db.targetLease.groupBy({
      by: ['collectorId'],
      where: { expiresAt: { gt: now } },
      _count: { _all: true },
    }),
  ]);
  const leaseCount = new Map(leases.map((l) => [l.collectorId, l._count._all]));
  return rows
    .map((c) => ({
      id: c.id,
      site: c.site,
      hostname: c.hostname,
      pid: c.pid,
      startedAt: c.startedAt,
      heartbeatAt: c.heartbeatAt,
      alive: now.getTime() - c.heartbeatAt.getTime() <= pace.staleAfterMs,
      lastCycleAt: c.lastCycleAt,
      lastCycleMs: c.lastCycleMs,
      lastCycleTargets: c.targets,
      leases: leaseCount.get(c.id) ?? 0,
    }))
    .sort((a, b) => Number(b.alive) - Number(a.alive) || a.id.localeCompare(b.id));
}
