import type { Freshness, TargetStatus } from '@/lib/queries/target-status';

// Words for the two facts of a target's status (docs/status.md). Pure, so the fleet table, the target
// pages and the Alerts page say the same thing and it is tested without a browser.

export const STATUS_LABEL: Record<TargetStatus, string> = {
  critical: 'Critical',
  warning: 'Warning',
  info: 'Info',
  ok: 'OK',
};

export const FRESHNESS_LABEL: Record<Freshness, string> = {
  fresh: 'Fresh',
  stale: 'Stale',
  unreachable: 'Unreachable',
};

/** "42 s", "5 min", "2 h", "3 d": how old the data is. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

/** "stale 2 h", "never polled", "unreachable"; null when the data is fresh. */
export function freshnessText(freshness: Freshness, ageMs: number | null): string | null {
  if (freshness === 'fresh') return null;
  if (freshness === 'unreachable') return 'unreachable';
  return ageMs === null ? 'never polled' : `stale ${formatAge(ageMs)}`;
}

/** Both facts in one phrase: "Critical · stale 2 h", "OK · unreachable", "Warning". */
export function statusText(t: {
  status: TargetStatus;
  freshness: Freshness;
  pollAgeMs: number | null;
}): string {
  const f = freshnessText(t.freshness, t.pollAgeMs);
  return f ? `${STATUS_LABEL[t.status]} · ${f}` : STATUS_LABEL[t.status];
}
