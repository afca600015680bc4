import type { AlertTx } from './outbox';

/**
 * Which of these findings are muted now: accepted by the inventory, waiting for a cold boot (its fix is
 * in the definition), or covered by a silence that has not expired. Expiry is read against `now` here, not from a flag, so a silence ends exactly on time even
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
      OR: [
        { acceptedReason: { not: null } },
        { silence: { expiresAt: { gt: now } } },
        // Applied, waiting for a cold boot: nothing more anyone can do by being paged again.
        { pendingColdBootSince: { not: null } },
      ],
    },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}
