import {
  MATCHER_NAMES,
  type SilenceMatchers,
  type SilenceRecord,
  type SilenceState,
  type SilenceSubject,
} from './types';

// Pure: which findings a silence covers and whether it is still in force. No clock is read here.

/** True when every matcher the silence sets equals the finding's field (`host` also covers the host itself). */
export function silenceMatches(m: SilenceMatchers, f: SilenceSubject): boolean {
  if (m.rule !== undefined && m.rule !== f.rule) return false;
  if (m.target !== undefined && m.target !== f.target) return false;
  if (m.subject !== undefined && m.subject !== f.subject) return false;
  if (m.host !== undefined && m.host !== f.host && m.host !== f.target) return false;
  return hasMatcher(m);
}

/** A silence with no matcher would silence everything; the API refuses it and matching treats it as covering nothing. */
export function hasMatcher(m: SilenceMatchers): boolean {
  return MATCHER_NAMES.some((k) => m[k] !== undefined);
}

/** Active until expiresAt (exclusive): at expiresAt the silence no longer holds. */
export function silenceState(s: Pick<SilenceRecord, 'expiresAt'>, now: Date): SilenceState {
  return s.expiresAt.getTime() > now.getTime() ? 'active' : 'expired';
}

/**
 * The silence that covers a finding now: among the active matching ones, the one that lasts longest
 * (then the oldest), so the finding shows the date its alerts actually come back.
 */
export function coveringSilence<S extends Pick<SilenceRecord, 'id' | 'matchers' | 'expiresAt'>>(
  silences: readonly S[],
  f: SilenceSubject,
  now: Date,
): S | null {
  let best: S | null = null;
  for (const s of silences) {
    if (silenceState(s, now) !== 'active' || !silenceMatches(s.matchers, f)) continue;
    if (
      !best ||
      s.expiresAt.getTime() > best.expiresAt.getTime() ||
      (s.expiresAt.getTime() === best.expiresAt.getTime() && s.id < best.id)
    ) {
      best = s;
    }
  }
  return best;
}

/** "rule=disk-cache-unsafe target=ci-1" (Alertmanager prints matchers the same way, `name="value"`). */
export function describeMatchers(m: SilenceMatchers): string {
  return MATCHER_NAMES.filter((k) => m[k] !== undefined)
    .map((k) => `${k}=${JSON.stringify(m[k])}`)
    .join(' ');
}
