import type { PollStatus, TargetState } from './types';

/** The newest `count` poll statuses if at least that many exist (newest first), else null. */
export function lastCycles(target: TargetState, count: number): TargetState['recentStatuses'] | null {
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`unreachableCycles must be a whole number of cycles ≥ 1, got ${count}`);
  }
  if (target.recentStatuses.length < count) return null;
  return target.recentStatuses.slice(0, count);
}

/** Whether every one of the newest `count` cycles ended in one of `statuses`. */
export function lastCyclesAll(
  target: TargetState,
  count: number,
  statuses: readonly PollStatus[],
): TargetState['recentStatuses'] | null {
  const cycles = lastCycles(target, count);
  if (!cycles || !cycles.every((c) => statuses.includes(c.status))) return null;
  return cycles;
}
