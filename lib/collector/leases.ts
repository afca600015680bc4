import type { Db } from '../db/client';
import { Prisma } from '../db/generated/client';
import { sqlTime } from '../db/providers/dialect';
import { planLeases, type LeasePlan, type PlanCollector, type PlanTarget } from './lease-plan';
import type { CollectorIdentity } from './presence';

// Target leases in the database (PostgreSQL): every collector heartbeats, plans with lease-plan.ts,
// renews what it keeps and claims what is due to it. Claims are conditional writes (a lease is taken
// only when free or expired), so two collectors racing for one target cannot both win.

/** A lease lives this many poll intervals past its last renewal (renewed every half interval). */
export const LEASE_INTERVALS = 1.5;

export interface LeaseRound {
  plan: LeasePlan;
  /** target ids this collector holds after the round */
  held: Set<number>;
  live: PlanCollector[];
}

/** Ids per statement (one bound value each); the fresh-lease INSERT binds three per row. */
const CHUNK = 1000;
const chunks = (ids: readonly number[]): number[][] =>
  Array.from({ length: Math.ceil(ids.length / CHUNK) }, (_, i) => ids.slice(i * CHUNK, (i + 1) * CHUNK));

/** Collectors whose heartbeat is younger than one lease. */
export async function liveCollectors(db: Db, now: Date, leaseMs: number): Promise<PlanCollector[]> {
  return db.collector.findMany({
    where: { heartbeatAt: { gt: new Date(now.getTime() - leaseMs) } },
    select: { id: true, site: true },
    orderBy: { id: 'asc' },
  });
}

/** Heartbeat, then renew and claim this collector's leases; returns what it holds now. */
export async function takeLeases(
  db: Db,
  who: CollectorIdentity,
  targets: PlanTarget[],
  now: Date,
  leaseMs: number,
): Promise<LeaseRound> {
  await db.collector.update({ where: { id: who.id }, data: { heartbeatAt: now } });
  const ids = new Set(targets.map((t) => t.id));
  // Every lease, filtered here: an IN list of every target id is one bound value per target, and
  // Prisma's query compiler (WebAssembly) keeps the memory of the largest statement it compiled.
  const [live, leases] = await Promise.all([
    liveCollectors(db, now, leaseMs),
    db.targetLease.findMany().then((all) => all.filter((l) => ids.has(l.targetId))),
  ]);
  const plan = planLeases(who.id, targets, live, leases, now);
  const expiresAt = new Date(now.getTime() + leaseMs);
  for (const part of chunks(plan.renew)) {
    await db.targetLease.updateMany({
      where: { targetId: { in: part }, collectorId: who.id },
      data: { expiresAt },
    });
  }
  if (plan.claim.length > 0) {
    const existing = new Set(leases.map((l) => l.targetId));
    const fresh = plan.claim.filter((id) => !existing.has(id));
    for (const part of chunks(fresh)) {
      const rows = part.map((id) => Prisma.sql`(${id}, ${who.id}, ${sqlTime(db, expiresAt)})`);
      // ON CONFLICT DO NOTHING: if another collector inserted the same lease first, it keeps it.
      await db.$executeRaw`
        INSERT INTO "TargetLease" ("targetId", "collectorId", "expiresAt") VALUES ${Prisma.join(rows)}
        ON CONFLICT ("targetId") DO NOTHING`;
    }
    for (const part of chunks(plan.claim.filter((id) => existing.has(id)))) {
      await db.targetLease.updateMany({
        where: { targetId: { in: part }, OR: [{ expiresAt: { lte: now } }, { collectorId: who.id }] },
        data: { collectorId: who.id, expiresAt },
      });
    }
  }
  const held = (
    await db.targetLease.findMany({
      where: { collectorId: who.id, expiresAt: { gt: now } },
      select: { targetId: true },
    })
  ).filter((h) => ids.has(h.targetId));
  // Keep only what the plan still wants: a lease due to another collector is left to lapse.
  const wanted = new Set([...plan.renew, ...plan.claim]);
  return { plan, held: new Set(held.map((h) => h.targetId).filter((id) => wanted.has(id))), live };
}

/**
 * Heartbeat and extend the leases in `ids` this collector still holds, claiming nothing: what keeps a
 * long cycle's targets (say, a first cycle opening thousands of connections) from lapsing to another
 * collector while they are being polled. The set comes from the last round, so a lease that round left
 * to lapse (its group now due elsewhere) stays left.
 */
export async function renewHeld(
  db: Db,
  who: CollectorIdentity,
  ids: number[],
  now: Date,
  leaseMs: number,
): Promise<void> {
  await db.collector.update({ where: { id: who.id }, data: { heartbeatAt: now } });
  const expiresAt = new Date(now.getTime() + leaseMs);
  for (const part of chunks(ids)) {
    await db.targetLease.updateMany({
      where: {
        targetId: { in: part },
        collectorId: who.id,
        // only what has not lapsed (a lapsed lease may be another's by now), and never shortened
        expiresAt: { gt: now, lt: expiresAt },
      },
      data: { expiresAt },
    });
  }
}

/**
 * On a clean stop the collector leaves the live set at once, so the others' plans stop counting on
 * it; its leases still lapse on their own, so nothing it polled this interval is polled again early.
 */
export async function retireCollector(db: Db, who: CollectorIdentity): Promise<void> {
  await db.collector.update({ where: { id: who.id }, data: { heartbeatAt: new Date(0) } });
}
