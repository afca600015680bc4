import type { WebhookConfig } from '../inventory/types';
import type { Severity } from '../probe/types';
import { atLeast } from './severity';
import type { AlertEventState } from './types';

/** What the outbox already holds for one (finding, webhook). */
export interface AlertHistory {
  /** type of the newest firing/resolved event; null when none was ever enqueued */
  lastType: 'firing' | 'resolved' | null;
  /** the newest firing event: when it was enqueued, the severity its body announced, its delivery state */
  lastFiring: { at: Date; severity: Severity | null; state: AlertEventState } | null;
  /** some event of this finding for this webhook is still waiting to be delivered */
  pending: boolean;
}

export interface PlanFinding {
  id: number;
  state: 'open' | 'resolved';
  severity: Severity;
  openedAt: Date;
  /**
   * Silenced (an active silence covers it) or accepted (an inventory `accept:` entry): still judged and
   * shown, but it sends no firing event. Absent = false.
   */
  muted?: boolean;
}

export type PlanReason = 'fired' | 'repeat' | 'resolved' | 'severity-changed' | 'below-min-severity';

export interface PlannedEvent {
  findingId: number;
  type: 'firing' | 'resolved';
  /** the severity the body must carry: a resolve repeats the severity that fired, so labels match */
  severity: Severity;
  reason: PlanReason;
}

export interface PlanInput {
  now: Date;
  webhook: Pick<WebhookConfig, 'minSeverity' | 'forMs' | 'repeatMs'>;
  findings: PlanFinding[];
  /** by finding id; a finding without an entry has no events for this webhook */
  history: ReadonlyMap<number, AlertHistory>;
}

const NO_HISTORY: AlertHistory = { lastType: null, lastFiring: null, pending: false };

/**
 * Decides which events one webhook needs for the given findings, from the outbox's history alone, so
 * running it again after enqueueing its result yields nothing (idempotent).
 *
 * - An open finding at or above minSeverity that has held for forMs fires once.
 * - While it fires, it repeats every repeatMs (0 = never), but not while an earlier event still waits
 *   for the receiver: a receiver that is down would otherwise find a pile of identical repeats.
 * - A resolved finding that is firing gets one resolved event; one that never fired (a flap shorter
 *   than forMs, or below minSeverity) gets nothing.
 * - A severity change of a firing finding is a new alert, as in Alertmanager where severity is a label
 *   and the fingerprint changes with it: the old severity is resolved and the new one fires at once
 *   (the finding has held for forMs already). Falling below minSeverity only resolves.
 * - A muted (silenced or accepted) open finding sends nothing: no firing, no repeat. When the silence
 *   ends and it is still open it fires (it has held for forMs long since). A muted finding that never
 *   fired resolves silently; one that had fired before it was silenced still gets its resolved event,
 *   so the receiver is not left with an incident that never closes (Alertmanager likewise notifies
 *   when an alert it already announced goes away).
 */
export function planWebhookEvents(input: PlanInput): PlannedEvent[] {
  const { now, webhook } = input;
  const heldSince = now.getTime() - webhook.forMs;
  const out: PlannedEvent[] = [];
  for (const f of [...input.findings].sort((a, b) => a.id - b.id)) {
    const h = input.history.get(f.id) ?? NO_HISTORY;
    const firing = h.lastType === 'firing';
    const firedSeverity = h.lastFiring?.severity ?? f.severity;
    const resolve = (reason: PlanReason) =>
      out.push({ findingId: f.id, type: 'resolved', severity: firedSeverity, reason });
    const fire = (reason: PlanReason) =>
      out.push({ findingId: f.id, type: 'firing', severity: f.severity, reason });

    if (f.state === 'resolved') {
      if (firing) resolve('resolved');
      continue;
    }
    if (f.muted) continue;
    const eligible = atLeast(f.severity, webhook.minSeverity) && f.openedAt.getTime() <= heldSince;
    if (!firing) {
      if (eligible) fire('fired');
      continue;
    }
    if (!atLeast(f.severity, webhook.minSeverity)) {
      resolve('below-min-severity');
      continue;
    }
    if (firedSeverity !== f.severity) {
      resolve('severity-changed');
      fire('severity-changed');
      continue;
    }
    const last = h.lastFiring;
    if (webhook.repeatMs > 0 && last && !h.pending && last.at.getTime() <= now.getTime() - webhook.repeatMs) {
      fire('repeat');
    }
  }
  return out;
}
