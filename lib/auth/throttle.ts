import type { Db } from '../db/client';

// Login throttling, per account and per address, remembered in the audit log (so a restart does not
// reset it): after MAX_FAILURES failed sign-ins within WINDOW_MS, every attempt (right password or not)
// is refused until the oldest of them leaves the window.

export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60_000;

/** Pure: given recent failure counts, whether the next attempt is refused. */
export function isThrottled(failures: { account: number; address: number }): boolean {
  return failures.account >= MAX_FAILURES || failures.address >= MAX_FAILURES;
}

/** Counts failed sign-ins for an account name and an address within the window. */
export async function recentFailures(
  db: Db,
  username: string,
  address: string,
  now = new Date(),
): Promise<{ account: number; address: number }> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const [account, byAddress] = await Promise.all([
    db.auditEvent.count({ where: { action: 'sign-in.failed', subject: username, at: { gt: since } } }),
    db.auditEvent.count({ where: { action: 'sign-in.failed', address, at: { gt: since } } }),
  ]);
  return { account, address: byAddress };
}
