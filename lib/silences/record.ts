import type { SilenceMatchers, SilenceRecord } from './types';

/** The Silence columns as stored. */
export interface SilenceRow {
  id: number;
  rule: string | null;
  target: string | null;
  host: string | null;
  subject: string | null;
  comment: string;
  createdBy: string;
  createdAt: Date;
  updatedBy: string | null;
  updatedAt: Date;
  expiresAt: Date;
}

/** A stored row as the matcher and the API see it (null columns are absent matchers). */
export function toSilenceRecord(r: SilenceRow): SilenceRecord {
  const matchers: SilenceMatchers = {};
  if (r.rule !== null) matchers.rule = r.rule;
  if (r.target !== null) matchers.target = r.target;
  if (r.host !== null) matchers.host = r.host;
  if (r.subject !== null) matchers.subject = r.subject;
  return {
    id: r.id,
    matchers,
    comment: r.comment,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    updatedBy: r.updatedBy,
    updatedAt: r.updatedAt,
    expiresAt: r.expiresAt,
  };
}

/** Matcher columns for a write: an absent matcher is stored as NULL. */
export function matcherColumns(m: SilenceMatchers) {
  return {
    rule: m.rule ?? null,
    target: m.target ?? null,
    host: m.host ?? null,
    subject: m.subject ?? null,
  };
}
