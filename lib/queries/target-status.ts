// How the dashboard judges one target at a glance: two facts, never one replacing the other.
// - status: how bad the open findings are (critical / warning / info / ok), whatever their age;
// - freshness: how much the data can be trusted now (fresh / stale / unreachable), from the polls.
// "Critical, and the data is 2 h old" is both at once. Pure: the caller passes `now` and the limit.
// docs/status.md explains the model, the sort order and what counts as unhealthy.

/** A target's status: its worst open finding's severity, ok when none is open. Worst first. */
export type TargetStatus = 'critical' | 'warning' | 'info' | 'ok';

export const TARGET_STATUSES: readonly TargetStatus[] = ['critical', 'warning', 'info', 'ok'];

/** How far the data behind the status can be trusted. Worst first. */
export type Freshness = 'unreachable' | 'stale' | 'fresh';

export const FRESHNESSES: readonly Freshness[] = ['unreachable', 'stale', 'fresh'];

/** Sort rank, lower is worse. */
export const STATUS_RANK: Record<TargetStatus, number> = { critical: 0, warning: 1, info: 2, ok: 3 };

/** Sort rank, lower is worse: a failed latest poll says more than an old one. */
export const FRESHNESS_RANK: Record<Freshness, number> = { unreachable: 0, stale: 1, fresh: 2 };

export interface OpenFindingCounts {
  critical: number;
  warning: number;
  info: number;
}

export const NO_FINDINGS: OpenFindingCounts = Object.freeze({ critical: 0, warning: 0, info: 0 });

export interface PollState {
  /** Target.lastStatus: "ok" or a failure class; null when never polled */
  lastStatus: string | null;
  lastPollAt: Date | null;
}

/** The default collector interval, used when no collector run has been recorded yet. */
export const DEFAULT_INTERVAL_MS = 60_000;

/** A target is stale when its last poll is older than three collector intervals. */
export function staleAfterMs(intervalMs: number | null | undefined): number {
  return 3 * (intervalMs && intervalMs > 0 ? intervalMs : DEFAULT_INTERVAL_MS);
}

/** True when the target was never polled or its last poll is older than `limitMs` before `now`. */
export function isStale(lastPollAt: Date | null, now: Date, limitMs: number): boolean {
  return lastPollAt === null || now.getTime() - lastPollAt.getTime() > limitMs;
}

/** The worst open finding's severity; ok when no finding is open. Independent of the data's age. */
export function deriveTargetStatus(open: OpenFindingCounts): TargetStatus {
  if (open.critical > 0) return 'critical';
  if (open.warning > 0) return 'warning';
  if (open.info > 0) return 'info';
  return 'ok';
}

/** unreachable when the latest poll failed, stale when there was none within `limitMs`, else fresh. */
export function deriveFreshness(t: PollState, now: Date, limitMs: number): Freshness {
  return freshnessAt(t.lastStatus, t.lastPollAt?.getTime() ?? null, now.getTime(), limitMs);
}

/** deriveFreshness on Unix milliseconds (ordering 10,000 targets makes no Date per target). */
export function freshnessAt(
  lastStatus: string | null,
  lastPollAtMs: number | null,
  nowMs: number,
  limitMs: number,
): Freshness {
  if (lastStatus !== null && lastStatus !== 'ok') return 'unreachable';
  if (lastStatus === null || lastPollAtMs === null || nowMs - lastPollAtMs > limitMs) return 'stale';
  return 'fresh';
}

/** Milliseconds since the last poll at `now` (never negative); null when never polled. */
export function pollAgeMs(lastPollAt: Date | null, now: Date): number | null {
  return lastPollAt === null ? null : Math.max(0, now.getTime() - lastPollAt.getTime());
}

/**
 * Unhealthy = needs someone's attention: an open critical or warning finding, or data that is not
 * fresh (stale or unreachable: the status may be out of date). Info findings alone are healthy.
 */
export function isUnhealthy(t: { status: TargetStatus; freshness: Freshness }): boolean {
  return t.status === 'critical' || t.status === 'warning' || t.freshness !== 'fresh';
}

/** Orders two targets worst first: severity first, then freshness (0 when both are equal). */
export function compareHealth(
  a: { status: TargetStatus; freshness: Freshness },
  b: { status: TargetStatus; freshness: Freshness },
): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] || FRESHNESS_RANK[a.freshness] - FRESHNESS_RANK[b.freshness]
  );
}

/** The worse of two statuses. */
export function worseStatus(a: TargetStatus, b: TargetStatus): TargetStatus {
  return STATUS_RANK[a] <= STATUS_RANK[b] ? a : b;
}

/** The worse of two freshness states. */
export function worseFreshness(a: Freshness, b: Freshness): Freshness {
  return FRESHNESS_RANK[a] <= FRESHNESS_RANK[b] ? a : b;
}

/** Kernel RNG model from poolsize: 256 since Linux 5.18 (and backports), 4096 before; null when unknown. */
export type KernelRngModel = 'modern' | 'legacy' | 'unknown';

/** Reads the kernel RNG model from poolsize (256 = modern, anything else = legacy, null = unknown). */
export function kernelRngModel(poolsize: number | null | undefined): KernelRngModel {
  if (poolsize === null || poolsize === undefined) return 'unknown';
  return poolsize === 256 ? 'modern' : 'legacy';
}
