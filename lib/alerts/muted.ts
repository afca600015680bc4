import type { AlertTx } from './outbox';

/**
 * Which of these findings are muted now: accepted by the inventory, or covered by a silence that has not
 * expired. Expiry is read against `now` here, not from a flag, so a silence ends exactly on time even
 * before the collector re-points the findings.
 */
export async function loadMutedFindingIds(
  tx: AlertTx,
  findingIds: number[],
  now: Date,
): Promise<Set<number>> {
  if (findingIds.length === 0) return new Set();
  const rows = await tx.finding.findMany({
    where: {
      id: { in: findingIds },
      OR: [{ acceptedReason: { not: null } }, { silence: { expiresAt: { gt: now } } }],
    },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}
