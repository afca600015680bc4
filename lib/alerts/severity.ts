import type { Severity } from '../probe/types';

/** info < warning < critical, as numbers for sorting. */
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };
const RANK = SEVERITY_RANK;

/** True when `severity` is `min` or worse (info < warning < critical). */
export function atLeast(severity: Severity, min: Severity): boolean {
  return RANK[severity] >= RANK[min];
}

/** Narrows a stored string to a Severity; null for anything else. */
export function toSeverity(value: unknown): Severity | null {
  return value === 'info' || value === 'warning' || value === 'critical' ? value : null;
}
