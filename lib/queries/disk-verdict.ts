import type { DomainDisk, Severity } from '../probe/types';

// A disk's verdict on the host and guest pages comes from the open disk findings: the rules judge, the page
// only looks the result up. Pure.

/** The part of a finding a verdict needs. */
export interface DiskFindingRef {
  id: number;
  target: string;
  rule: string;
  subject: string;
  severity: Severity;
  summary: string;
  state: 'open' | 'resolved';
}

export type DiskVerdict =
  | { kind: 'ok' }
  /** cdrom / floppy: the disk rules do not judge removable media */
  | { kind: 'not-judged'; why: string }
  | { kind: 'finding'; severity: Severity; findings: DiskFindingRef[] };

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/**
 * The verdict for one disk: the open `disk-*` findings about it, worst first. A guest's findings use the disk
 * target as subject; a host judges domains no guest claims with subject "<domain>/<disk>".
 */
export function diskVerdict(
  disk: DomainDisk,
  where: { target: string; domain: string | null },
  findings: DiskFindingRef[],
): DiskVerdict {
  if (disk.device === 'cdrom' || disk.device === 'floppy') {
    return { kind: 'not-judged', why: `${disk.device}: removable media are not judged` };
  }
  const subjects = new Set([
    disk.target,
    ...(where.domain !== null ? [`${where.domain}/${disk.target}`] : []),
  ]);
  const hits = findings
    .filter(
      (f) =>
        f.state === 'open' &&
        f.rule.startsWith('disk-') &&
        f.target === where.target &&
        subjects.has(f.subject),
    )
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.id - b.id);
  return hits.length ? { kind: 'finding', severity: hits[0]!.severity, findings: hits } : { kind: 'ok' };
}
