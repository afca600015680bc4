import type { OpenFindingCounts } from './target-status';

// Silenced and accepted findings are still open and still shown, but they are decisions, not problems:
// they do not count toward a target's status or "unhealthy". Neither does a finding whose fix is applied
// and waits for a cold boot (docs/status.md): shown with its severity, it pages nobody. Pure.

/** Why an open finding does not count: accepted, waiting for a cold boot, silenced until a time, or neither. */
export type MuteState = 'accepted' | 'waitingColdBoot' | 'silenced' | null;

/**
 * Accepted wins (the lasting decision), then waiting for a cold boot (the fix is in; more telling than
 * a silence, which is only a pause).
 */
export function muteState(
  f: { acceptedReason: string | null; silenceExpiresAt: Date | null; pendingColdBoot?: boolean },
  now: Date,
): MuteState {
  if (f.acceptedReason !== null) return 'accepted';
  if (f.pendingColdBoot) return 'waitingColdBoot';
  if (f.silenceExpiresAt !== null && f.silenceExpiresAt.getTime() > now.getTime()) return 'silenced';
  return null;
}

/** One group of open findings as counted in SQL. */
export interface FindingCountRow {
  targetId: number;
  severity: string;
  acceptedReason: string | null;
  silenceExpiresAt: Date | null;
  /** applied, waiting for a cold boot (Finding.pendingColdBootSince set) */
  pendingColdBoot?: boolean;
  n: number;
}

export interface TargetFindingCounts {
  /** open findings that count toward the status, by severity */
  open: OpenFindingCounts;
  silenced: number;
  accepted: number;
  waitingColdBoot: number;
}

/** Per target: the open findings that count, by severity, and how many are silenced or accepted. */
export function foldFindingCounts(
  rows: readonly FindingCountRow[],
  now: Date,
): Map<number, TargetFindingCounts> {
  const out = new Map<number, TargetFindingCounts>();
  for (const r of rows) {
    const c = out.get(r.targetId) ?? {
      open: { critical: 0, warning: 0, info: 0 },
      silenced: 0,
      accepted: 0,
      waitingColdBoot: 0,
    };
    out.set(r.targetId, c);
    const mute = muteState(r, now);
    if (mute !== null) c[mute] += r.n;
    else if (r.severity === 'critical' || r.severity === 'warning' || r.severity === 'info')
      c.open[r.severity] += r.n;
  }
  return out;
}
