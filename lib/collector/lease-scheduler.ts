import type { Db } from '../db/client';
import type { Inventory } from '../inventory/types';
import type { PlanTarget } from './lease-plan';
import { LEASE_INTERVALS, renewHeld, takeLeases, type LeaseRound } from './leases';
import type { CollectorIdentity } from './presence';

// Several collectors on one PostgreSQL: the loop wakes every half interval, renews and claims
// leases, and polls each target it holds once per interval. Waking twice per interval is what
// bounds takeover: a dead collector's leases lapse 1.5 intervals after its last renewal, and a
// survivor notices within half an interval more, so its targets are polled again within two.
// A cycle can outlast that (a first cycle connecting thousands of targets on a busy machine took
// 1.5 intervals), so the service renews what it holds every half interval while a cycle runs.

/** A target polled less than this share of an interval ago is not due yet (absorbs timer jitter). */
const DUE_SHARE = 0.75;

export interface LeaseScheduler {
  /** Wake-up period of the loop. */
  tickMs: number;
  /**
   * Renews and claims leases; returns the names of held targets that are due for a poll (with
   * `all`, every held target: a cycle asked for explicitly, like `collect --once`, polls them all).
   */
  due(now: Date, opts?: { all?: boolean }): Promise<{ names: Set<string>; round: LeaseRound }>;
  /** Heartbeat and extend the leases the last round kept (claims nothing); for the time a cycle runs. */
  renew(now: Date): Promise<void>;
  /** Remembers when these targets were polled. */
  polled(names: Iterable<string>, at: Date): void;
}

/** The lease scheduler of one collector process. */
export function createLeaseScheduler(
  db: Db,
  who: CollectorIdentity,
  inventory: Inventory,
  targetIds: Map<string, number>,
): LeaseScheduler {
  const leaseMs = Math.round(inventory.intervalMs * LEASE_INTERVALS);
  const targets: PlanTarget[] = inventory.targets.flatMap((t) => {
    const id = targetIds.get(t.name);
    return id === undefined ? [] : [{ id, name: t.name, hostName: t.hostName, pin: t.collector ?? null }];
  });
  const nameOf = new Map(targets.map((t) => [t.id, t.name]));
  const lastPolled = new Map<string, number>();
  let kept: number[] = [];
  return {
    tickMs: Math.max(1, Math.round(inventory.intervalMs / 2)),
    async due(now, opts = {}) {
      const round = await takeLeases(db, who, targets, now, leaseMs);
      kept = [...round.held];
      const names = new Set<string>();
      for (const id of round.held) {
        const name = nameOf.get(id)!;
        const last = lastPolled.get(name);
        if (opts.all || last === undefined || now.getTime() - last >= inventory.intervalMs * DUE_SHARE)
          names.add(name);
      }
      return { names, round };
    },
    renew(now) {
      return renewHeld(db, who, kept, now, leaseMs);
    },
    polled(names, at) {
      for (const n of names) lastPolled.set(n, at.getTime());
    },
  };
}

/**
 * Renews the scheduler's leases every half interval until stopped (from the start of a cycle to its
 * end), so a cycle longer than a lease cannot hand its targets to another collector midway. A failed
 * renewal is logged and tried again at the next tick; the cycle goes on.
 */
export function keepLeasesWhileRunning(
  scheduler: LeaseScheduler,
  log: (line: string) => void,
  now: () => Date = () => new Date(),
): { stop(): void } {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    scheduler
      .renew(now())
      .catch((e: unknown) =>
        log(`collector: renewing leases failed: ${e instanceof Error ? e.message : String(e)}`),
      )
      .finally(() => (busy = false));
  }, scheduler.tickMs);
  return { stop: () => clearInterval(timer) };
}
