import os from 'node:os';
import type { Db } from '../db/client';
import type { CollectorIdentity } from './presence';

/** A collector that reported within this many intervals still counts as running. */
const RUNNING_INTERVALS = 3;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * SQLite has one writer and no leases, so it keeps one long-running collector. Throws a message that
 * names the other collector and the way out when another one reported recently and is not this
 * process's own dead predecessor. `collect --once` is not checked: it is one cycle, not a second loop.
 */
export async function assertSoleCollector(
  db: Db,
  who: CollectorIdentity,
  intervalMs: number,
  now = new Date(),
): Promise<void> {
  const since = new Date(now.getTime() - RUNNING_INTERVALS * intervalMs);
  const others = await db.collector.findMany({ where: { heartbeatAt: { gt: since } } });
  for (const c of others) {
    if (c.hostname === os.hostname() && (c.pid === process.pid || !alive(c.pid))) continue;
    const ago = Math.round((now.getTime() - c.heartbeatAt.getTime()) / 1000);
    throw new Error(
      `another collector ("${c.id}", pid ${c.pid} on ${c.hostname}, last seen ${ago} s ago) already polls this SQLite database, ` +
        `and SQLite supports one collector: stop that one, or move to PostgreSQL (DATABASE_URL=postgresql://...) ` +
        `to run several collectors with --collector-id (this one would be "${who.id}")`,
    );
  }
}
