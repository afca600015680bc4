// "Poll now": the web process (after a cold boot) marks targets in the database; the collector's loop
// looks for marks every few seconds and polls just those, so the new state shows within seconds instead
// of at the next interval. A database row rather than a signal: web and collector are separate
// processes, possibly on separate machines (docs/scaling.md).
import type { Db } from '../db/client';

/** Asks the collector to poll these targets as soon as it can. Unknown names are ignored. */
export async function requestPoll(db: Db, names: readonly string[], at = new Date()): Promise<number> {
  if (names.length === 0) return 0;
  const r = await db.target.updateMany({
    where: { name: { in: [...names] }, removedAt: null },
    data: { pollRequestedAt: at },
  });
  return r.count;
}

/** The targets asked for since their last poll request was taken, by name. */
export async function pendingPollRequests(db: Db): Promise<{ name: string; at: Date }[]> {
  const rows = await db.target.findMany({
    where: { pollRequestedAt: { not: null }, removedAt: null },
    select: { name: true, pollRequestedAt: true },
  });
  return rows.map((r) => ({ name: r.name, at: r.pollRequestedAt! }));
}

/**
 * Clears the requests this poll answered. A request made after `upTo` (while the poll ran) stays, so
 * the next look polls again.
 */
export async function clearPollRequests(db: Db, names: readonly string[], upTo: Date): Promise<void> {
  if (names.length === 0) return;
  await db.target.updateMany({
    where: { name: { in: [...names] }, pollRequestedAt: { lte: upTo } },
    data: { pollRequestedAt: null },
  });
}

/**
 * The requests this collector answers: with leases (several collectors on PostgreSQL) only the targets it
 * holds, so a requested target is polled once, by its own collector; the others stay for theirs. Without
 * leases (`held` null: the one SQLite collector) all of them. Returns the names and the newest request
 * time among them (what clearPollRequests may clear up to); null when there is nothing to answer.
 */
export function requestsToAnswer(
  asked: readonly { name: string; at: Date }[],
  held: ReadonlySet<string> | null,
): { names: Set<string>; upTo: Date } | null {
  const mine = held ? asked.filter((a) => held.has(a.name)) : asked;
  if (mine.length === 0) return null;
  return {
    names: new Set(mine.map((a) => a.name)),
    upTo: new Date(Math.max(...mine.map((a) => a.at.getTime()))),
  };
}
