import type { TargetKind } from '../model';
import type { Db } from '../db/client';
import { Prisma } from '../db/generated/client';
import { providerOf } from '../db/providers/dialect';
import { findingsWherePg, listFindingsPg } from './postgres-sql';
import type { Severity } from '../probe/types';
import type { Remediation } from '../checks/remedy/types';
import { toDate, toNumber, toText } from './sql-values';
import { parseRemediationJson } from './stored-json';

/** A finding as the API and the Findings page show it, with its parsed remediation. */
export interface FindingView {
  id: number;
  target: string;
  targetKind: TargetKind;
  /** the host of the finding's target (guests); null otherwise */
  host: string | null;
  rule: string;
  severity: Severity;
  subject: string;
  state: 'open' | 'resolved';
  summary: string;
  detail: string;
  openedAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  remediation: Remediation | null;
  /** set when the stored remediation could not be read */
  remediationError?: string;
  /** open: the silence in force now; resolved: the one in force when it resolved; else null */
  silence: FindingSilence | null;
  /** the inventory's `accept:` reason: accepted policy, never alerts */
  accepted: { reason: string } | null;
  /**
   * open: the fix is in the persistent definition but not in what runs (applied, waiting for a cold
   * boot) since `since`; shown with its severity, alerts nothing; null otherwise (docs/apply.md)
   */
  pendingColdBoot: { since: Date } | null;
}

/** Who silenced a finding, why, and until when. */
export interface FindingSilence {
  id: number;
  comment: string;
  createdBy: string;
  expiresAt: Date;
}

export interface FindingsFilter {
  /** default "open" (which includes silenced and accepted findings); silenced/accepted: only those */
  state?: 'open' | 'resolved' | 'all' | 'silenced' | 'accepted';
  /** false leaves out findings a silence covers now, true keeps only those */
  silenced?: boolean;
  /** false leaves out accepted findings, true keeps only those */
  accepted?: boolean;
  /** when silences are judged; default the current time */
  now?: Date;
  severity?: Severity[];
  /** target name */
  target?: string;
  /** rule id */
  rule?: string;
  /** only this finding (whatever the other filters say) */
  id?: number;
  /** default 1000 */
  limit?: number;
}

/** Findings matching the filter: open before resolved, then critical → info, then most recently changed. */
export async function listFindings(db: Db, filter: FindingsFilter = {}): Promise<FindingView[]> {
  const now = (filter.now ?? new Date()).getTime();
  // Silenced = open and covered by a silence that has not expired; accepted = open with an accept: reason.
  const silencedNow = Prisma.sql`(f.state = 'open' AND s.id IS NOT NULL AND s.expiresAt > ${now})`;
  const acceptedOpen = Prisma.sql`(f.state = 'open' AND f.acceptedReason IS NOT NULL)`;
  const where: Prisma.Sql[] = [];
  if (filter.id !== undefined) {
    where.push(Prisma.sql`f.id = ${filter.id}`);
  } else {
    const state = filter.state ?? 'open';
    if (state === 'open' || state === 'resolved') where.push(Prisma.sql`f.state = ${state}`);
    if (state === 'silenced' || filter.silenced === true) where.push(silencedNow);
    if (filter.silenced === false) where.push(Prisma.sql`NOT ${silencedNow}`);
    if (state === 'accepted' || filter.accepted === true) where.push(acceptedOpen);
    if (filter.accepted === false) where.push(Prisma.sql`NOT ${acceptedOpen}`);
    if (filter.severity?.length) where.push(Prisma.sql`f.severity IN (${Prisma.join(filter.severity)})`);
    if (filter.target !== undefined) where.push(Prisma.sql`t.name = ${filter.target}`);
    if (filter.rule !== undefined) where.push(Prisma.sql`f.rule = ${filter.rule}`);
  }
  const limit = Math.max(1, Math.min(filter.limit ?? 1000, 10_000));
  if (providerOf(db) === 'postgresql') {
    const pg = findingsWherePg(filter, new Date(now));
    const pgRows = await db.$queryRaw<RawFinding[]>(listFindingsPg(pg.where, pg.muted, limit));
    return pgRows.map((r) => toFindingView(r, now));
  }
  const rows = await db.$queryRaw<RawFinding[]>`
    SELECT f.id, t.name AS target, t.kind AS targetKind, h.name AS host, f.rule, f.severity, f.subject, f.state,
           f.summary, f.detail, f.remediation, f.openedAt, f.updatedAt, f.resolvedAt, f.acceptedReason,
           f.pendingColdBootSince, s.id AS silenceId, s.comment AS silenceComment, s.createdBy AS silenceCreatedBy,
           s.expiresAt AS silenceExpiresAt,
           CASE WHEN ${silencedNow} OR ${acceptedOpen} OR (f.state = 'open' AND f.pendingColdBootSince IS NOT NULL)
                THEN 1 ELSE 0 END AS muted
    FROM Finding f JOIN Target t ON t.id = f.targetId LEFT JOIN Target h ON h.id = t.hostId
    LEFT JOIN Silence s ON s.id = f.silenceId
    ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty}
    ORDER BY CASE f.state WHEN 'open' THEN 0 ELSE 1 END, muted,
             CASE f.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
             coalesce(f.resolvedAt, f.updatedAt) DESC, f.id DESC
    LIMIT ${limit}`;
  return rows.map((r) => toFindingView(r, now));
}

interface RawFinding {
  id: unknown;
  target: unknown;
  targetKind: unknown;
  host: unknown;
  rule: unknown;
  severity: unknown;
  subject: unknown;
  state: unknown;
  summary: unknown;
  detail: unknown;
  remediation: unknown;
  openedAt: unknown;
  updatedAt: unknown;
  resolvedAt: unknown;
  acceptedReason: unknown;
  pendingColdBootSince: unknown;
  silenceId: unknown;
  silenceComment: unknown;
  silenceCreatedBy: unknown;
  silenceExpiresAt: unknown;
}

function toFindingView(r: RawFinding, now: number): FindingView {
  const parsed = parseRemediationJson(toText(r.remediation) ?? '');
  const kind = toText(r.targetKind);
  const severity = toText(r.severity);
  const view: FindingView = {
    id: toNumber(r.id)!,
    target: toText(r.target) ?? '',
    targetKind: kind === 'host' || kind === 'local' ? kind : 'guest',
    host: toText(r.host),
    rule: toText(r.rule) ?? '',
    severity: severity === 'critical' || severity === 'warning' ? severity : 'info',
    subject: toText(r.subject) ?? '',
    state: toText(r.state) === 'resolved' ? 'resolved' : 'open',
    summary: toText(r.summary) ?? '',
    detail: toText(r.detail) ?? '',
    openedAt: toDate(r.openedAt)!,
    updatedAt: toDate(r.updatedAt)!,
    resolvedAt: toDate(r.resolvedAt),
    remediation: parsed.ok ? parsed.value : null,
    silence: null,
    accepted: null,
    pendingColdBoot: null,
  };
  const silenceId = toNumber(r.silenceId);
  const expiresAt = toDate(r.silenceExpiresAt);
  // An open finding's silence shows only while it holds; a resolved one keeps the silence it resolved under.
  if (silenceId !== null && expiresAt && (view.state === 'resolved' || expiresAt.getTime() > now)) {
    view.silence = {
      id: silenceId,
      comment: toText(r.silenceComment) ?? '',
      createdBy: toText(r.silenceCreatedBy) ?? '',
      expiresAt,
    };
  }
  const reason = toText(r.acceptedReason);
  // A resolved finding keeps the reason it was accepted under, for the audit trail.
  if (reason !== null) view.accepted = { reason };
  const waitingSince = toDate(r.pendingColdBootSince);
  if (waitingSince && view.state === 'open') view.pendingColdBoot = { since: waitingSince };
  if (!parsed.ok) view.remediationError = parsed.error;
  return view;
}

/** Distinct rule ids that have findings, for the filter menu. */
export async function listFindingRules(db: Db): Promise<string[]> {
  const rows = await db.finding.findMany({
    distinct: ['rule'],
    select: { rule: true },
    orderBy: { rule: 'asc' },
  });
  return rows.map((r) => r.rule);
}
