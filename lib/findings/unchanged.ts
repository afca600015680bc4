import type { FindingPlan } from './plan';

/** An open finding as stored, with the fields a cycle's update would rewrite. */
export interface StoredFinding {
  id: number;
  severity: string;
  summary: string;
  detail: string;
  /** JSON, as stored */
  remediation: string;
  pendingColdBootSince: Date | null;
}

/**
 * Splits a plan's updates into findings whose stored text, severity, remediation and cold-boot wait
 * are what this cycle judged (only their updatedAt moves, which one statement does for all of them)
 * and those that changed (rewritten one by one). At fleet scale nearly every open finding is
 * unchanged from one cycle to the next. Pure.
 */
export function splitUnchanged(
  updates: FindingPlan['update'],
  stored: ReadonlyMap<number, StoredFinding>,
): { unchanged: number[]; changed: FindingPlan['update'] } {
  const unchanged: number[] = [];
  const changed: FindingPlan['update'] = [];
  for (const u of updates) {
    const s = stored.get(u.id);
    const same =
      s !== undefined &&
      s.severity === u.severity &&
      s.summary === u.summary &&
      s.detail === u.detail &&
      (s.pendingColdBootSince !== null) === Boolean(u.pendingColdBoot) &&
      s.remediation === JSON.stringify(u.remediation);
    if (same) unchanged.push(u.id);
    else changed.push(u);
  }
  return { unchanged, changed };
}
