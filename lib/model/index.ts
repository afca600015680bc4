// The words every stage shares: what kind of machine a target is, how bad a finding is, how one poll
// ended. Declared once here; the probe, the checks, the store, the queries and the pages import them.

/** What a target is: a KVM host, a guest on one, or the machine Entropy Watch runs on. */
export const TARGET_KINDS = ['host', 'guest', 'local'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** How bad a finding is, mildest first. */
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Failure classes of one poll of one target ("ok" when the probe was parsed). */
export const POLL_STATUSES = [
  'ok',
  'timeout',
  'refused',
  'auth-failed',
  'host-key-unknown',
  'host-key-mismatch',
  'probe-failed',
  'parse-error',
] as const;
export type PollStatus = (typeof POLL_STATUSES)[number];

/** Whether a value is one of the words of a vocabulary list. */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
