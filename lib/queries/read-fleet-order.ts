import type { Db } from '../db/client';
import { Prisma } from '../db/generated/client';
import { providerOf } from '../db/providers/dialect';
import { getCollectorPace, type CollectorPace } from './collector-pace';
import type { FleetOrderRow } from './fleet-order';
import { fleetOrderPg } from './postgres-sql';
import { toDate, toNumber, toText } from './sql-values';
import { deriveTargetStatus, freshnessAt } from './target-status';

/**
 * What ordering and filtering the whole fleet needs, one small row per target, in one query: the open
 * findings that count toward each target's status are counted by the database (the rules of
 * foldFindingCounts: not accepted, not waiting for a cold boot, not under a silence in force at `now`),
 * and the rows come back packed as one JSON string (every row and column returned costs in the driver).
 * `withText` adds what the text search (q) reads: domain, address and the host's name.
 */
export async function readFleetOrder(
  db: Db,
  opts: { includeRemoved: boolean; now: Date; withText: boolean },
): Promise<{ rows: FleetOrderRow[]; pace: CollectorPace }> {
  const now = opts.now.getTime();
  const text = opts.withText ? Prisma.sql`, t.domain, t.address, h.name` : Prisma.empty;
  const [packed, pace] = await Promise.all([
    providerOf(db) === 'postgresql'
      ? db.$queryRaw<{ rows: unknown }[]>(fleetOrderPg(opts))
      : db.$queryRaw<{ rows: unknown }[]>`
          SELECT json_group_array(json_array(t.id, t.name, coalesce(fc.c, 0), coalesce(fc.w, 0), coalesce(fc.i, 0),
                 t.lastEntropyAvail, t.lastPollAt, t.lastStatus${text})) AS rows
          FROM Target t ${opts.withText ? Prisma.sql`LEFT JOIN Target h ON h.id = t.hostId` : Prisma.empty}
          LEFT JOIN (
            SELECT f.targetId, SUM(f.severity = 'critical') AS c, SUM(f.severity = 'warning') AS w,
                   SUM(f.severity = 'info') AS i
            FROM Finding f LEFT JOIN Silence s ON s.id = f.silenceId
            WHERE f.state = 'open' AND f.acceptedReason IS NULL AND f.pendingColdBootSince IS NULL
              AND (s.expiresAt IS NULL OR s.expiresAt <= ${now})
            GROUP BY f.targetId
          ) fc ON fc.targetId = t.id
          ${opts.includeRemoved ? Prisma.empty : Prisma.sql`WHERE t.removedAt IS NULL`}`,
    getCollectorPace(db),
  ]);
  const rows = JSON.parse(toText(packed[0]?.rows) ?? '[]') as unknown[][];
  return {
    rows: rows.map((r) => {
      // Both stores hand the time over as Unix ms in the JSON; a Date per target costs (more so under
      // Next.js, which wraps Date).
      const lastPollAtMs = typeof r[6] === 'number' ? r[6] : (toDate(r[6])?.getTime() ?? null);
      const lastStatus = toText(r[7]);
      const critical = toNumber(r[2]) ?? 0;
      const warning = toNumber(r[3]) ?? 0;
      return {
        id: toNumber(r[0])!,
        name: String(r[1]),
        status: deriveTargetStatus({ critical, warning, info: toNumber(r[4]) ?? 0 }),
        freshness: freshnessAt(lastStatus, lastPollAtMs, now, pace.staleAfterMs),
        critical,
        warning,
        entropyAvail: toNumber(r[5]),
        lastPollAtMs,
        domain: toText(r[8]),
        address: toText(r[9]),
        hostName: toText(r[10]),
      };
    }),
    pace,
  };
}
