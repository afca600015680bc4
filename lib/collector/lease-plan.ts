import { createHash } from 'node:crypto';

// Which targets a collector should poll, decided the same way by every collector from the same
// facts, so no coordinator is needed. A host and its guests form one group (a guest's disks and RNG
// devices come from its host's libvirt in the same cycle), and each group goes to the live
// collector with the highest rendezvous weight among those it may run on (its `collector:` pin
// names a collector id or site). Rendezvous hashing spreads groups evenly and, when a collector
// joins or leaves, moves only the groups that must move. Pure.

export interface PlanTarget {
  id: number;
  name: string;
  /** the host's name for guests: the group key */
  hostName: string | null;
  /** inventory `collector:` pin (collector id or site); null = any collector */
  pin: string | null;
}

export interface PlanCollector {
  id: string;
  site: string | null;
}

export interface PlanLease {
  targetId: number;
  collectorId: string;
  expiresAt: Date;
}

export interface LeasePlan {
  /** targets this collector holds and keeps: renew and poll */
  renew: number[];
  /** targets due to this collector whose lease is free or expired: claim, then poll what was won */
  claim: number[];
  /** targets whose group has no live collector it may run on (pinned to an absent site) */
  orphaned: number[];
}

/** Rendezvous weight of a (group, collector) pair: the first 48 bits of SHA-256. */
export function weight(group: string, collectorId: string): number {
  return parseInt(createHash('sha256').update(`${group}\0${collectorId}`).digest('hex').slice(0, 12), 16);
}

/** The live collector a group belongs to, or null when none may run it. */
export function ownerOf(group: string, pin: string | null, live: PlanCollector[]): string | null {
  let best: { id: string; w: number } | null = null;
  for (const c of live) {
    if (pin !== null && c.id !== pin && c.site !== pin) continue;
    const w = weight(group, c.id);
    if (!best || w > best.w || (w === best.w && c.id < best.id)) best = { id: c.id, w };
  }
  return best?.id ?? null;
}

/**
 * What `me` does this cycle. A lease that belongs by hash to another live collector is neither
 * renewed nor polled: it lapses, and the other collector claims it only then, so a target that
 * changes hands is never polled twice within one interval.
 */
export function planLeases(
  me: string,
  targets: PlanTarget[],
  live: PlanCollector[],
  leases: PlanLease[],
  now: Date,
): LeasePlan {
  const byTarget = new Map(leases.map((l) => [l.targetId, l]));
  const pinOf = new Map<string, string | null>();
  for (const t of targets) if (t.hostName === null) pinOf.set(t.name, t.pin);
  const plan: LeasePlan = { renew: [], claim: [], orphaned: [] };
  for (const t of targets) {
    const group = t.hostName ?? t.name;
    // A guest follows its host's pin unless it carries its own.
    const pin = t.pin ?? (t.hostName !== null ? (pinOf.get(t.hostName) ?? null) : null);
    const owner = ownerOf(group, pin, live);
    if (owner === null) {
      plan.orphaned.push(t.id);
      continue;
    }
    if (owner !== me) continue;
    const lease = byTarget.get(t.id);
    if (lease && lease.collectorId === me && lease.expiresAt > now) plan.renew.push(t.id);
    else if (!lease || lease.expiresAt <= now || lease.collectorId === me) plan.claim.push(t.id);
  }
  return plan;
}
