import type { Db } from '../db/client';
import { findStaleExceptions, type StaleException } from '../findings/accept';
import type { AcceptEntry } from '../inventory/accept';
import { providerOf } from '../db/providers/dialect';
import { toDate, toNumber, toText } from './sql-values';

/** One rule across the fleet: how many targets it affects now, since when, and how many are muted. */
export interface RuleCompliance {
  rule: string;
  /** targets with an open finding of this rule (silenced and accepted included) */
  targets: number;
  open: number;
  /** opening time of the oldest open finding */
  oldestOpenAt: Date | null;
  silenced: number;
  accepted: number;
}

export interface ComplianceSummary {
  rules: RuleCompliance[];
  /** accept: entries that match no open finding any more */
  staleExceptions: StaleException[];
}

/** The fleet-wide summary per rule auditors ask for, and the accept: entries that have gone stale. */
export async function getCompliance(
  db: Db,
  accept: readonly AcceptEntry[],
  now: Date,
): Promise<ComplianceSummary> {
  const t = now.getTime();
  const pg = providerOf(db) === 'postgresql';
  const [rows, open] = await Promise.all([
    pg
      ? db.$queryRaw<Record<string, unknown>[]>`
      SELECT f."rule" AS rule, COUNT(DISTINCT f."targetId") AS targets, COUNT(*) AS open, MIN(f."openedAt") AS oldest,
             SUM(CASE WHEN f."acceptedReason" IS NULL AND s."expiresAt" > ${now} THEN 1 ELSE 0 END) AS silenced,
             SUM(CASE WHEN f."acceptedReason" IS NOT NULL THEN 1 ELSE 0 END) AS accepted
      FROM "Finding" f LEFT JOIN "Silence" s ON s."id" = f."silenceId"
      WHERE f."state" = 'open'
      GROUP BY f."rule"
      ORDER BY targets DESC, f."rule"`
      : db.$queryRaw<Record<string, unknown>[]>`
      SELECT f.rule, COUNT(DISTINCT f.targetId) AS targets, COUNT(*) AS open, MIN(f.openedAt) AS oldest,
             SUM(CASE WHEN f.acceptedReason IS NULL AND s.expiresAt > ${t} THEN 1 ELSE 0 END) AS silenced,
             SUM(CASE WHEN f.acceptedReason IS NOT NULL THEN 1 ELSE 0 END) AS accepted
      FROM Finding f LEFT JOIN Silence s ON s.id = f.silenceId
      WHERE f.state = 'open'
      GROUP BY f.rule
      ORDER BY targets DESC, f.rule`,
    accept.length === 0
      ? Promise.resolve([])
      : db.finding.findMany({
          where: { state: 'open', rule: { in: [...new Set(accept.map((a) => a.rule))] } },
          select: { rule: true, subject: true, target: { select: { name: true } } },
        }),
  ]);
  return {
    rules: rows.map((r) => ({
      rule: toText(r.rule) ?? '',
      targets: toNumber(r.targets) ?? 0,
      open: toNumber(r.open) ?? 0,
      oldestOpenAt: toDate(r.oldest),
      silenced: toNumber(r.silenced) ?? 0,
      accepted: toNumber(r.accepted) ?? 0,
    })),
    staleExceptions: findStaleExceptions(
      accept,
      open.map((f) => ({ target: f.target.name, rule: f.rule, subject: f.subject })),
    ),
  };
}
