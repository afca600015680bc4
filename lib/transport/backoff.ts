/** Reconnect state of one target. */
export interface BackoffState {
  /** consecutive failed connection attempts */
  failures: number;
  /** when the last attempt started (ms, same clock as `now`) */
  lastAttemptAt: number;
}

export const MAX_BACKOFF_MS = 60_000;

/** Wait after k consecutive failures: min(2^(k-1) s, 60 s); 0 when the last attempt succeeded. */
export function backoffMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(1000 * 2 ** Math.min(failures - 1, 16), MAX_BACKOFF_MS);
}

/** How long until the next attempt is allowed (0: try now). */
export function retryInMs(state: BackoffState, now: number): number {
  return Math.max(0, state.lastAttemptAt + backoffMs(state.failures) - now);
}
