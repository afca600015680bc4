import type { Severity } from '../probe/types';
import { TEST_FINDING_ID } from './formats/common';
import type { PlannedEvent } from './plan';
import { SEVERITY_RANK } from './severity';
import type { FindingSnapshot } from './types';

// A webhook's `maxEventsPerCycle` when unset: a hostile or broken fleet cannot bury a receiver.
export { DEFAULT_MAX_EVENTS_PER_CYCLE } from '../inventory/defaults';

export interface CappedPlan {
  /** the events to enqueue now, in the plan's order */
  kept: PlannedEvent[];
  /** the events held back; the plan yields them again in a later cycle (it reads only the outbox) */
  withheld: PlannedEvent[];
}

/**
 * At most `max` of a webhook's planned events. Resolves go first (they close what a receiver shows as
 * firing), then the most severe firings, then the oldest findings. Nothing is lost: the plan is a
 * function of the outbox, so a held-back event is planned again next cycle until it fits.
 */
export function capPlannedEvents(planned: PlannedEvent[], max: number): CappedPlan {
  if (planned.length <= max) return { kept: planned, withheld: [] };
  const rank = (p: PlannedEvent) => (p.type === 'resolved' ? -10 : -SEVERITY_RANK[p.severity]);
  const order = planned
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.p.findingId - b.p.findingId || a.i - b.i);
  // A severity change is a resolve and a fire of one finding: keep or hold the pair together, so the
  // firing never goes out before its resolve (both are planned again if held).
  const byFinding = new Map<number, number[]>();
  planned.forEach((p, i) => byFinding.set(p.findingId, [...(byFinding.get(p.findingId) ?? []), i]));
  const chosen = new Set<number>();
  for (const { p, i } of order) {
    if (chosen.size >= max) break;
    if (chosen.has(i)) continue;
    const partner = byFinding.get(p.findingId)!.find((j) => j !== i) ?? -1;
    if (partner === -1) chosen.add(i);
    else if (chosen.size + 2 <= max || chosen.has(partner)) {
      chosen.add(i);
      chosen.add(partner);
    }
  }
  return {
    kept: planned.filter((_, i) => chosen.has(i)),
    withheld: planned.filter((_, i) => !chosen.has(i)),
  };
}

/** The synthetic finding an `overflow` event renders: how many events were held back, and how bad. */
export function overflowSnapshot(
  webhook: string,
  withheld: PlannedEvent[],
  max: number,
  at: Date,
): FindingSnapshot {
  const severity = withheld.reduce<Severity>(
    (worst, p) => (SEVERITY_RANK[p.severity] > SEVERITY_RANK[worst] ? p.severity : worst),
    'info',
  );
  const firing = withheld.filter((p) => p.type === 'firing').length;
  return {
    id: TEST_FINDING_ID,
    target: 'entropy-watch',
    targetKind: 'local',
    host: null,
    rule: 'alert-overflow',
    subject: '',
    severity,
    state: 'open',
    summary: `${withheld.length} more alert events for webhook "${webhook}" were held back this cycle (at most ${max} per cycle)`,
    detail:
      `${firing} firing and ${withheld.length - firing} resolved events wait; they are sent in the next cycles, ` +
      'most severe first. The dashboard lists every open finding now.',
    openedAt: at,
    resolvedAt: null,
    remediation: {
      summary:
        'Look at the Findings page for what opened at once; raise maxEventsPerCycle on this webhook if the volume is expected.',
      restartRequired: false,
    },
  };
}
