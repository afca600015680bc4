import type { FindingView } from '../queries/list-findings';

// One finding as the API, the JSON download and the CSV export show it, so the three never disagree.

/** The JSON shape of a finding in GET /api/v1/findings (documented in docs/api.md). */
export function toFindingJson(f: FindingView) {
  return {
    id: f.id,
    target: f.target,
    host: f.host,
    rule: f.rule,
    severity: f.severity,
    subject: f.subject,
    state: f.state,
    summary: f.summary,
    detail: f.detail,
    openedAt: f.openedAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
    resolvedAt: f.resolvedAt?.toISOString() ?? null,
    silence: f.silence
      ? {
          id: f.silence.id,
          comment: f.silence.comment,
          createdBy: f.silence.createdBy,
          expiresAt: f.silence.expiresAt.toISOString(),
        }
      : null,
    accepted: f.accepted ? { reason: f.accepted.reason } : null,
    // Applied, waiting for a cold boot (docs/apply.md): shown with its severity, alerts nothing.
    pendingColdBoot: f.pendingColdBoot ? { since: f.pendingColdBoot.since.toISOString() } : null,
    remediation: f.remediation,
    ...(f.remediationError ? { remediationError: f.remediationError } : {}),
  };
}

/** CSV columns, in order: what an auditor asks for (what, where, since when, who decided and why). */
export const FINDING_CSV_COLUMNS = [
  'id',
  'state',
  'muted',
  'severity',
  'rule',
  'target',
  'host',
  'subject',
  'summary',
  'openedAt',
  'resolvedAt',
  'silencedBy',
  'silenceComment',
  'silenceExpiresAt',
  'acceptedReason',
  'remediation',
] as const;

/** One CSV row; `muted` says whether the finding is silenced or accepted (empty when neither). */
export function toFindingCsvRow(f: FindingView): Record<(typeof FINDING_CSV_COLUMNS)[number], string> {
  return {
    id: String(f.id),
    state: f.state,
    muted: f.accepted
      ? 'accepted'
      : f.pendingColdBoot
        ? 'waiting for cold boot'
        : f.silence && f.state === 'open'
          ? 'silenced'
          : '',
    severity: f.severity,
    rule: f.rule,
    target: f.target,
    host: f.host ?? '',
    subject: f.subject,
    summary: f.summary,
    openedAt: f.openedAt.toISOString(),
    resolvedAt: f.resolvedAt?.toISOString() ?? '',
    silencedBy: f.silence?.createdBy ?? '',
    silenceComment: f.silence?.comment ?? '',
    silenceExpiresAt: f.silence?.expiresAt.toISOString() ?? '',
    acceptedReason: f.accepted?.reason ?? '',
    remediation: f.remediation?.summary ?? '',
  };
}
