import type { Db } from '../db/client';
import { getCollectorPace, type CollectorRunView } from './collector-pace';
import { summarizeFleet, type FleetCounts } from './fleet-view';
import { listTargets, type FleetTarget } from './list-targets';

export interface FleetSummary extends FleetCounts {
  /** the only current target is this machine (kind "local"): the inventory has not been filled in yet */
  onlyLocal: boolean;
  lastRun: CollectorRunView | null;
  intervalMs: number;
  staleAfterMs: number;
}

/**
 * Counts for the summary tiles: targets, unhealthy, unreachable, stale, open findings, and the latest collector
 * run. Pass `fleet` when the caller lists the targets anyway (the fleet page), so they are read once.
 */
export async function getFleetSummary(
  db: Db,
  now: Date = new Date(),
  fleet?: Promise<FleetTarget[]>,
): Promise<FleetSummary> {
  const [targets, pace] = await Promise.all([
    fleet ?? listTargets(db, { withSparkline: false, now }),
    getCollectorPace(db),
  ]);
  const counts = summarizeFleet(targets);
  return {
    ...counts,
    onlyLocal: targets.length > 0 && targets.every((t) => t.kind === 'local'),
    lastRun: pace.lastRun,
    intervalMs: pace.intervalMs,
    staleAfterMs: pace.staleAfterMs,
  };
}
