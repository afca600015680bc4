// The record of every change apply makes to a domain's persistent definition (issue 12): the text before
// and after exactly as `virsh dumpxml --inactive` printed them, so Revert can define the before text back
// and show what it undoes. Written by the single apply (service.ts) and bulk apply (bulk/execute.ts).
import type { Db } from '../db/client';

export interface DomainChangeInput {
  actor: string;
  findingId: number | null;
  /** the finding's rule; looked up from the finding when absent */
  rule?: string;
  host: string;
  domain: string;
  beforeXml: string;
  afterXml: string;
  /** a revert: the change it undid */
  revertOf?: number;
}

export interface DomainChangeRow extends Omit<DomainChangeInput, 'revertOf' | 'rule'> {
  id: number;
  rule: string;
  at: Date;
  revertOf: number | null;
  revertedAt: Date | null;
  revertedBy: string | null;
}

/** Stores one change; returns its id. */
export async function recordDomainChange(db: Db, c: DomainChangeInput, at = new Date()): Promise<number> {
  const rule =
    c.rule ??
    (c.findingId === null
      ? null
      : (await db.finding.findUnique({ where: { id: c.findingId }, select: { rule: true } }))?.rule) ??
    'unknown';
  const row = await db.domainChange.create({
    data: { ...c, rule, revertOf: c.revertOf ?? null, at },
    select: { id: true },
  });
  return row.id;
}

/** One change, or null. */
export async function getDomainChange(db: Db, id: number): Promise<DomainChangeRow | null> {
  return db.domainChange.findUnique({ where: { id } });
}

/** The changes apply made for a finding, newest first (its apply history). */
export async function listDomainChanges(
  db: Db,
  findingId: number,
): Promise<Omit<DomainChangeRow, 'beforeXml' | 'afterXml'>[]> {
  return db.domainChange.findMany({
    where: { findingId },
    orderBy: { id: 'desc' },
    omit: { beforeXml: true, afterXml: true },
    take: 50,
  });
}

/** Marks a change as reverted by `actor` (the revert itself is a change of its own). */
export async function markReverted(db: Db, id: number, actor: string, at = new Date()): Promise<void> {
  await db.domainChange.update({ where: { id }, data: { revertedAt: at, revertedBy: actor } });
}
