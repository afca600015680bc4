// Silences: an operator's "we know, stop alerting until then" for matching findings, modelled on
// Alertmanager's silences (matchers, createdBy, comment, endsAt) but matching our finding fields.

/** What a silence covers. An absent matcher matches anything; at least one is set. */
export interface SilenceMatchers {
  /** rule id, e.g. "disk-cache-unsafe" */
  rule?: string;
  /** one target by name */
  target?: string;
  /** a host by name: the host itself and every guest on it */
  host?: string;
  /** the finding's subject, e.g. a disk's target device "vda" */
  subject?: string;
}

/** The fields of a finding a silence is matched against. */
export interface SilenceSubject {
  rule: string;
  target: string;
  /** the guest's host; null for hosts and the local machine */
  host: string | null;
  subject: string;
}

/** A stored silence. */
export interface SilenceRecord {
  id: number;
  matchers: SilenceMatchers;
  comment: string;
  createdBy: string;
  createdAt: Date;
  updatedBy: string | null;
  updatedAt: Date;
  expiresAt: Date;
}

/** Alertmanager's silence states; we have no scheduled silences, so never "pending". */
export type SilenceState = 'active' | 'expired';

/** Longest a silence may last: "forever" is what accepted exceptions in the inventory are for. */
export const MAX_SILENCE_MS = 90 * 86_400_000;

export const MATCHER_NAMES = ['rule', 'target', 'host', 'subject'] as const;
export type MatcherName = (typeof MATCHER_NAMES)[number];
