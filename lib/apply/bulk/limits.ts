// The bounds of a bulk apply and the pure decisions of its executor (no I/O, no clock): what a request
// may ask for, how much of a step's output is kept, and what a target's result is.

/** A run applies one rule's fix to at most this many findings (one page of a large fleet's findings). */
export const MAX_BULK_FINDINGS = 500;
/** Targets changed at once unless the request says otherwise; libvirtd serialises per domain anyway. */
export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 16;
/** The run stops (the rest are skipped) after this many failed targets unless the request says otherwise. */
export const DEFAULT_STOP_AFTER_FAILURES = 3;
/**
 * Output kept per step. Hosts and guests are not trusted: a step's output is stored up to this many
 * characters with a note saying how much was cut, and shown escaped (React text, never HTML).
 */
export const MAX_STEP_OUTPUT = 8 * 1024;
/** A run that has written nothing for this long lost its process (restart, crash): shown as abandoned. */
export const ABANDONED_AFTER_MS = 10 * 60_000;

/** `text` cut to `max` characters, with a note saying how much was left out. */
export function boundOutput(text: string, max = MAX_STEP_OUTPUT): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n… [${text.length - max} more characters not kept: output is limited to ${max} per step]`;
}

export type TargetResult = 'resolved' | 'applied-waiting-for-cold-boot' | 'failed';

/**
 * A changed target's result from what was read back: the persistent definition must have the fix
 * (else failed); the live definition (what the running QEMU uses, the same as the persistent one
 * when the domain is shut off) having it too means resolved, not having it means the fix waits for a
 * cold boot.
 */
export function targetResult(persistentHasFix: boolean, liveHasFix: boolean): TargetResult {
  if (!persistentHasFix) return 'failed';
  return liveHasFix ? 'resolved' : 'applied-waiting-for-cold-boot';
}

/** The most targets in flight at once, from each target's start and end order (null: never started). */
export function maxInFlight(targets: { startSeq: number | null; endSeq: number | null }[]): number {
  const events: [number, 1 | -1][] = [];
  for (const t of targets) {
    if (t.startSeq == null) continue;
    events.push([t.startSeq, 1]);
    if (t.endSeq != null) events.push([t.endSeq, -1]);
  }
  events.sort((a, b) => a[0] - b[0]);
  let now = 0;
  let max = 0;
  for (const [, d] of events) max = Math.max(max, (now += d));
  return max;
}

/** Whether a run's state is final (nothing more will be written). */
export const isFinalRunState = (state: string) =>
  state === 'done' || state === 'refused' || state === 'stopped' || state === 'abandoned';
