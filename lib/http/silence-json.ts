import type { SilenceRecord, SilenceState } from '../silences/types';

/** A silence in the API: our matchers, and Alertmanager's `status.state` (active | expired). */
export function toSilenceJson(s: SilenceRecord & { state: SilenceState; covering?: number }) {
  return {
    id: s.id,
    matchers: s.matchers,
    comment: s.comment,
    createdBy: s.createdBy,
    createdAt: s.createdAt.toISOString(),
    updatedBy: s.updatedBy,
    updatedAt: s.updatedAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    status: { state: s.state },
    ...(s.covering !== undefined ? { covering: s.covering } : {}),
  };
}
