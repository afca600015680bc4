import type { TargetKind } from '../model';
import type { Db } from '../db/client';
import { Prisma } from '../db/generated/client';
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
}

export interface FindingsFilter {
  /** default "open" */
  state?: 'open' | 'resolved' | 'all';
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
  const where: Prisma.Sql[] = [];
  if (filter.id !== undefined) {
    where.push(Prisma.sql`f.id = ${filter.id}`);
  } else {
    const state = filter.state ?? 'open';
    if (state !== 'all') where.push(Prisma.sql`f.state = ${state}`);
    if (filter.severity?.length) where.push(Prisma.sql`f.severity IN (${Prisma.join(filter.severity)})`);
    if (filter.target !== undefined) where.push(Prisma.sql`t.name = ${filter.target}`);
    if (filter.rule !== undefined) where.push(Prisma.sql`f.rule = ${filter.rule}`);
  }
  const limit = Math.max(1, Math.min(filter.limit ?? 1000, 10_000));
  const rows = await db.$queryRaw<RawFinding[]>`
    SELECT f.id, t.name AS target, t.kind AS targetKind, h.name AS host, f.rule, f.severity, f.subject, f.state,
           f.summary, f.detail, f.remediation, f.openedAt, f.updatedAt, f.resolvedAt
    FROM Finding f JOIN Target t ON t.id = f.targetId LEFT JOIN Target h ON h.id = t.hostId
    ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty}
    ORDER BY CASE f.state WHEN 'open' THEN 0 ELSE 1 END,
             CASE f.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
             coalesce(f.resolvedAt, f.updatedAt) DESC, f.id DESC
    LIMIT ${limit}`;
  return rows.map(toFindingView);
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
}

function toFindingView(r: RawFinding): FindingView {
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
  };
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
