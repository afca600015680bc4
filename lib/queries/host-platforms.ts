import type { Db } from '../db/client';
import { providerOf } from '../db/providers/dialect';
import type { Platform } from '../probe/types';
import { toDate, toNumber, toText } from './sql-values';

// A guest's platform is its host's, pulled out of the host's stored observation by the database: one
// parse of each host's whole domain list (about 10 ms for the 341 hosts of a 500-guest page of the
// 10,000-target bench). A host's observation changes only when a poll writes it again, with that poll's
// time (lib/db/record-poll.ts), so the platforms are kept per process by host id and observation time
// and read again for a host whose time moved. The times are read from the database on every call: a
// kept platform is never older than the data the same request reads.

type Kept = Map<number, { at: number | null; platform: Platform | null }>;
/** Per database client: ids and times mean nothing across two databases (tests open several). */
const keptByDb = new WeakMap<Db, Kept>();
/** More hosts than any fleet here; past it the memo starts over rather than grow. */
const MAX_KEPT = 50_000;

/** The platform of each host named, reading the stored platform only for hosts polled since last asked. */
export async function hostPlatformsByName(
  db: Db,
  names: readonly string[],
  readPlatforms: (ids: number[]) => Promise<Map<number, Platform | null>>,
): Promise<Map<string, Platform | null>> {
  type Row = { id: unknown; name: unknown; at: unknown };
  const rows =
    providerOf(db) === 'postgresql'
      ? await db.$queryRaw<Row[]>`
          SELECT t."id", t."name", o."at" FROM "Target" t LEFT JOIN "Observation" o ON o."targetId" = t."id"
          WHERE t."name" = ANY(${[...names]}::text[])`
      : await db.$queryRaw<Row[]>`
          SELECT t.id, t.name, o.at FROM Target t LEFT JOIN Observation o ON o.targetId = t.id
          WHERE t.name IN (SELECT value FROM json_each(${JSON.stringify(names)}))`;
  const hosts = rows.map((r) => ({
    id: toNumber(r.id)!,
    name: toText(r.name) ?? '',
    at: toDate(r.at)?.getTime() ?? null,
  }));
  let kept = keptByDb.get(db);
  if (!kept || kept.size > MAX_KEPT) keptByDb.set(db, (kept = new Map()));
  const moved = hosts.filter((h) => kept.get(h.id)?.at !== h.at || !kept.has(h.id));
  if (moved.length > 0) {
    const read = await readPlatforms(moved.map((h) => h.id));
    for (const h of moved) kept.set(h.id, { at: h.at, platform: read.get(h.id) ?? null });
  }
  return new Map(hosts.map((h) => [h.name, kept.get(h.id)?.platform ?? null]));
}
