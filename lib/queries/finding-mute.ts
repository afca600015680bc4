import type { OpenFindingCounts } from './target-status';

// Silenced and accepted findings are still open and still shown, but they are decisions, not problems:
// they do not count toward a target's status or "unhealthy". Pure: the caller passes `now`.

/** Why an open finding does not count: accepted by the inventory, silenced until a time, or neither. */
export type MuteState = 'accepted' | 'silenced' | null;

/** Accepted wins over silenced: it is the lasting decision, a silence only a pause. */
export function muteState(
  f: { acceptedReason: string | null; silenceExpiresAt: Date | null },
  now: Date,
): MuteState {
  if (f.acceptedReason !== null) return 'accepted';
  if (f.silenceExpiresAt !== null && f.silenceExpiresAt.getTime() > now.getTime()) return 'silenced';
  return null;
}

/** One group of open findings as counted in SQL. */
export interface FindingCountRow {
  targetId: number;
  severity: string;
  acceptedReason: string | null;
  silenceExpiresAt: Date | null;
  n: number;
}

export interface TargetFindingCounts {
  /** open findings that count toward the status, by severity */
  open: OpenFindingCounts;
  silenced: number;
  accepted: number;
}

/** Per target: the open findings that count, by severity, and how many are silenced or accepted. */
export function foldFindingCounts(
  rows: readonly FindingCountRow[],
  now: Date,
): Map<number, TargetFindingCounts> {
  const out = new Map<number, TargetFindingCounts>();
  for (const r of rows) {
    const c = out.get(r.targetId) ?? { open: { critical: 0, warning: 0, info: 0 }, silenced: 0, accepted: 0 };
    out.set(r.targetId, c);
    const mute = muteState(r, now);
    if (mute !== null) c[mute] += r.n;
    else if (r.severity === 'critical' || r.severity === 'warning' || r.severity === 'info')
      c.open[r.severity] += r.n;
  }
  return out;
}
