import { z } from 'zod';
import { toSeverity } from './severity';
import type { FindingSnapshot } from './types';

/** The Finding columns (with its target) that an alert shows. */
export interface FindingRow {
  id: number;
  rule: string;
  subject: string;
  severity: string;
  state: string;
  summary: string;
  detail: string;
  remediation: string;
  openedAt: Date;
  resolvedAt: Date | null;
  target: { name: string; kind: string; host: { name: string } | null };
}

const remediationSchema = z.object({ summary: z.string(), restartRequired: z.boolean() });

/**
 * A stored finding as the formats render it. A row that breaks the contract still alerts rather than
 * vanishing: an unknown severity is sent as critical and an unreadable remediation says so.
 */
export function findingSnapshot(row: FindingRow): FindingSnapshot {
  let remediation: FindingSnapshot['remediation'];
  try {
    remediation = remediationSchema.parse(JSON.parse(row.remediation));
  } catch {
    remediation = {
      summary: `(remediation of finding ${row.id} is unreadable; see the dashboard)`,
      restartRequired: false,
    };
  }
  return {
    id: row.id,
    target: row.target.name,
    targetKind: row.target.kind,
    host: row.target.host?.name ?? null,
    rule: row.rule,
    subject: row.subject,
    severity: toSeverity(row.severity) ?? 'critical',
    state: row.state === 'resolved' ? 'resolved' : 'open',
    summary: row.summary,
    detail: row.detail,
    openedAt: row.openedAt,
    resolvedAt: row.resolvedAt,
    remediation: { summary: remediation.summary, restartRequired: remediation.restartRequired },
  };
}
