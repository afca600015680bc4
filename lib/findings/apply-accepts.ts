import type { Prisma } from '../db/generated/client';
import type { AcceptEntry } from '../inventory/accept';
import { acceptingEntry } from './accept';

/**
 * Writes each open finding's accepted reason from the inventory's `accept:` entries (null when none
 * applies any more), in the collector's transaction, so the pages and the alert planner read one column.
 */
export async function applyAcceptances(
  tx: Prisma.TransactionClient,
  entries: readonly AcceptEntry[],
): Promise<{ changed: number }> {
  const findings = await tx.finding.findMany({
    where: { state: 'open' },
    select: { id: true, rule: true, subject: true, acceptedReason: true, target: { select: { name: true } } },
  });
  const byReason = new Map<string | null, number[]>();
  for (const f of findings) {
    const reason =
      acceptingEntry(entries, { target: f.target.name, rule: f.rule, subject: f.subject })?.reason ?? null;
    if (reason === f.acceptedReason) continue;
    const ids = byReason.get(reason) ?? [];
    ids.push(f.id);
    byReason.set(reason, ids);
  }
  let changed = 0;
  for (const [acceptedReason, ids] of byReason) {
    changed += (await tx.finding.updateMany({ where: { id: { in: ids } }, data: { acceptedReason } })).count;
  }
  return { changed };
}
