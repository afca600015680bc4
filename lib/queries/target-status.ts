// How the dashboard judges one target at a glance. Pure: the caller passes `now` and the staleness limit.

/** A target's status on the dashboard, worst first in STATUS_RANK. */
export type TargetStatus = 'critical' | 'unreachable' | 'warning' | 'stale' | 'ok';

export const TARGET_STATUSES: readonly TargetStatus[] = ['critical', 'unreachable', 'warning', 'stale', 'ok'];

/** Sort rank, lower is worse: a known critical problem outranks not knowing (unreachable), which outranks a warning. */
export const STATUS_RANK: Record<TargetStatus, number> = {
  critical: 0,
  unreachable: 1,
  warning: 2,
  stale: 3,
  ok: 4,
};

export interface OpenFindingCounts {
  critical: number;
  warning: number;
  info: number;
}

export const NO_FINDINGS: OpenFindingCounts = Object.freeze({ critical: 0, warning: 0, info: 0 });

export interface StatusInput {
  /** Target.lastStatus: "ok" or a failure class; null when never polled */
  lastStatus: string | null;
  lastPollAt: Date | null;
  open: OpenFindingCounts;
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

/**
 * Status precedence: unreachable (the latest poll failed), then stale (no recent poll), then the worst
 * open finding (critical / warning); info findings alone leave the target ok.
 */
export function deriveTargetStatus(t: StatusInput, now: Date, limitMs: number): TargetStatus {
  if (t.lastStatus !== null && t.lastStatus !== 'ok') return 'unreachable';
  if (t.lastStatus === null || isStale(t.lastPollAt, now, limitMs)) return 'stale';
  if (t.open.critical > 0) return 'critical';
  if (t.open.warning > 0) return 'warning';
  return 'ok';
}

/** The worse of two statuses. */
export function worseStatus(a: TargetStatus, b: TargetStatus): TargetStatus {
  return STATUS_RANK[a] <= STATUS_RANK[b] ? a : b;
}

/** Kernel RNG model from poolsize: 256 since Linux 5.18 (and backports), 4096 before; null when unknown. */
export type KernelRngModel = 'modern' | 'legacy' | 'unknown';

/** Reads the kernel RNG model from poolsize (256 = modern, anything else = legacy, null = unknown). */
export function kernelRngModel(poolsize: number | null | undefined): KernelRngModel {
  if (poolsize === null || poolsize === undefined) return 'unknown';
  return poolsize === 256 ? 'modern' : 'legacy';
}
