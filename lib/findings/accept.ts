import type { AcceptEntry } from '../inventory/accept';

// Accepted exceptions (the inventory's `accept:` entries), pure: which findings they cover and which
// entries no longer match anything, so an exception does not outlive its reason.

/** The fields of a finding an accept entry is matched against. */
export interface AcceptSubject {
  target: string;
  rule: string;
  subject: string;
}

/** True when the entry covers the finding: same rule, its target (or every target), its subject if set. */
export function acceptMatches(e: AcceptEntry, f: AcceptSubject): boolean {
  return (
    e.rule === f.rule &&
    (e.target === null || e.target === f.target) &&
    (e.subject === null || e.subject === f.subject)
  );
}

/**
 * The entry that accepts a finding, or null. A target's own entry wins over a `defaults` one and an entry
 * naming the subject over one that does not, so the reason shown is the most specific decision.
 */
export function acceptingEntry(entries: readonly AcceptEntry[], f: AcceptSubject): AcceptEntry | null {
  let best: AcceptEntry | null = null;
  let bestRank = -1;
  for (const e of entries) {
    if (!acceptMatches(e, f)) continue;
    const rank = (e.target !== null ? 2 : 0) + (e.subject !== null ? 1 : 0);
    if (rank > bestRank) {
      best = e;
      bestRank = rank;
    }
  }
  return best;
}

/** An accept entry that matches no open finding: the accepted problem is gone (or never existed). */
export interface StaleException {
  entry: AcceptEntry;
  /** where it is written, e.g. `defaults.accept` or `ci-1.accept` */
  where: string;
}

/**
 * Accept entries that match no open finding. Findings a rule could not judge this cycle stay open, so a
 * target that is merely unreachable does not make its exceptions look stale. Entries for targets no longer
 * in the inventory are not reported here: the inventory loader keeps only current targets' entries.
 */
export function findStaleExceptions(
  entries: readonly AcceptEntry[],
  openFindings: readonly AcceptSubject[],
): StaleException[] {
  return entries
    .filter((e) => !openFindings.some((f) => acceptMatches(e, f)))
    .map((entry) => ({ entry, where: entry.target === null ? 'defaults.accept' : `${entry.target}.accept` }));
}
