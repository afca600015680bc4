import type { CheckHit, PollStatus, Severity, TargetState } from '../types';

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

// A timeout or a refused connection never reached key exchange: it says nothing about the host key.
const NO_HOST_KEY_VERDICT: readonly PollStatus[] = ['timeout', 'refused'];

/**
 * The newest poll that got as far as checking the host key (skipping timeouts and refusals), or
 * null when none of the recent cycles did. One dropped poll must not resolve a host-key finding.
 */
export function latestHostKeyVerdict(target: TargetState): TargetState['recentStatuses'][number] | null {
  return target.recentStatuses.find((s) => !NO_HOST_KEY_VERDICT.includes(s.status)) ?? null;
}

/** What a host-key finding records: the refused poll's error and when it happened (ISO time). */
export interface HostKeyFacts {
  lastError: string | null;
  since: string;
}

/**
 * One hit when the newest poll that reached key exchange ended in `status` (a timeout since then does
 * not make the key right), else none: the evaluate of host-key-mismatch and host-key-unknown.
 */
export function hostKeyVerdictHits(
  target: TargetState,
  status: 'host-key-mismatch' | 'host-key-unknown',
  severity: Severity,
  summary: string,
): CheckHit<HostKeyFacts>[] {
  const latest = latestHostKeyVerdict(target);
  if (latest?.status !== status) return [];
  return [
    {
      subject: '',
      severity,
      summary,
      detail: latest.error ?? status,
      facts: { lastError: latest.error, since: latest.at.toISOString() },
    },
  ];
}
