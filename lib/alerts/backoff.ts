/** How failed deliveries are retried; every field is injectable so tests can use milliseconds. */
export interface BackoffPolicy {
  /** delay after the first failure; doubles per failure */
  baseMs: number;
  /** the doubling stops here */
  capMs: number;
  /** a receiver's Retry-After is honoured up to this */
  maxRetryAfterMs: number;
  /** an event still undelivered this long after it was enqueued is given up (state dead) */
  giveUpAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 5_000,
  capMs: 10 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
  giveUpAfterMs: 24 * 60 * 60_000,
};

/**
 * Delay before the next attempt after `failures` failed attempts (1 = the first failure): exponential,
 * capped, with "equal jitter" (between half and all of it) so many events failing together spread out
 * but never retry much sooner than the schedule says. `random` returns [0, 1).
 */
export function backoffDelayMs(failures: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 40);
  const full = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.round(full / 2 + random() * (full / 2));
}

/** Retry-After (delta seconds or an HTTP date) in ms from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value == null) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // An HTTP date always names a weekday or month in letters; this keeps "1.5" or "-3" from Date.parse.
  if (!/[a-z]/i.test(v)) return null;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

export type RetryDecision = { state: 'pending'; nextAttemptAt: Date } | { state: 'dead'; reason: string };

export interface RetryInput {
  /** failed attempts so far, including the one just made */
  failures: number;
  createdAt: Date;
  now: Date;
  /** parsed Retry-After of the failed response, if any */
  retryAfterMs: number | null;
  policy: BackoffPolicy;
  random: () => number;
}

/**
 * What to do after a failed attempt: retry later (backoff, but never sooner than Retry-After, itself
 * clamped to maxRetryAfterMs), or give up once the event is giveUpAfterMs old. The last retry is
 * scheduled at the give-up deadline itself, so the receiver gets one last chance.
 */
export function decideRetry(input: RetryInput): RetryDecision {
  const { policy, now } = input;
  const deadline = input.createdAt.getTime() + policy.giveUpAfterMs;
  if (now.getTime() >= deadline) {
    return {
      state: 'dead',
      reason: `gave up after ${input.failures} attempts over ${describeMs(policy.giveUpAfterMs)}`,
    };
  }
  let delay = backoffDelayMs(input.failures, policy, input.random);
  if (input.retryAfterMs != null)
    delay = Math.max(delay, Math.min(input.retryAfterMs, policy.maxRetryAfterMs));
  return { state: 'pending', nextAttemptAt: new Date(Math.min(now.getTime() + delay, deadline)) };
}

/** "24 h", "10 min", "30 s", "400 ms": a duration for messages. */
export function describeMs(ms: number): string {
  const units: [number, string][] = [
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1_000, 's'],
  ];
  for (const [size, unit] of units) {
    if (ms >= size) return `${Math.round((ms / size) * 10) / 10} ${unit}`;
  }
  return `${ms} ms`;
}
