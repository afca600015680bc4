import type { Db } from '../db/client';
import { providerOf, sqlTime } from '../db/providers/dialect';
import type { Observation, PollStatus } from '../probe/types';
import type { TargetKind } from '../model';
import type { TargetState } from '../checks/types';

export interface LoadedTarget {
  id: number;
  state: TargetState;
  /** the latest poll of this target succeeded, so its observation is current */
  fresh: boolean;
}

const RECENT_ENTROPY_MS = 5 * 60_000;

/** Reads what the rules need about every current target: latest observation, last 5 min of entropy, recent statuses. */
export async function loadTargetStates(
  db: Db,
  now: Date,
  opts: { statusDepth: number },
): Promise<LoadedTarget[]> {
  const { statusDepth } = opts;
  const targets = await db.target.findMany({
    where: { removedAt: null },
    select: {
      id: true,
      name: true,
      kind: true,
      domain: true,
      lastStatus: true,
      host: { select: { name: true } },
      observation: { select: { at: true, data: true } },
    },
  });
  const since = new Date(now.getTime() - RECENT_ENTROPY_MS);
  const entropyRows = await db.sample.findMany({
    where: { at: { gte: since, lte: now }, status: 'ok', entropyAvail: { not: null } },
    select: { targetId: true, at: true, entropyAvail: true },
    orderBy: { at: 'asc' },
  });
  // The last N polls of each target however old they are (a collector that was down for a day must
  // not forget that a target was failing), one (targetId, at) index seek per target.
  type StatusRow = { targetId: number; at: number; status: string; error: string | null };
  // PostgreSQL: a LATERAL join, one index scan per target. The correlated `IN (subquery)` SQLite runs
  // well took PostgreSQL over 5 minutes at 10,000 targets (bench:scale --store postgres); SQLite has
  // no LATERAL.
  const statusRows =
    providerOf(db) === 'postgresql'
      ? await db.$queryRaw<StatusRow[]>`
    SELECT s."targetId", s."at", s."status", s."error"
    FROM "Target" t CROSS JOIN LATERAL (
      SELECT "targetId", "at", "status", "error" FROM "Sample"
      WHERE "targetId" = t."id" AND "at" <= ${sqlTime(db, now)}
      ORDER BY "at" DESC, "id" DESC LIMIT ${statusDepth}
    ) s
    WHERE t."removedAt" IS NULL
    ORDER BY s."targetId", s."at" DESC`
      : await db.$queryRaw<StatusRow[]>`
    SELECT s."targetId", s."at", s."status", s."error"
    FROM "Target" t JOIN "Sample" s ON s."id" IN (
      SELECT "id" FROM "Sample"
      WHERE "targetId" = t."id" AND "at" <= ${sqlTime(db, now)}
      ORDER BY "at" DESC, "id" DESC LIMIT ${statusDepth}
    )
    WHERE t."removedAt" IS NULL
    ORDER BY s."targetId", s."at" DESC`;

  const entropy = groupBy(entropyRows, (r) => r.targetId);
  const statuses = groupBy(statusRows, (r) => r.targetId);

  return targets.map((t) => {
    const observation = t.observation ? (JSON.parse(t.observation.data) as Observation) : null;
    const state: TargetState = {
      name: t.name,
      kind: t.kind as TargetKind,
      hostName: t.host?.name ?? null,
      domainName: t.kind === 'guest' ? (t.domain ?? t.name) : null,
      observation,
      observedAt: t.observation?.at ?? null,
      recentEntropy: (entropy.get(t.id) ?? []).map((r) => ({ at: r.at, entropyAvail: r.entropyAvail ?? 0 })),
      recentStatuses: (statuses.get(t.id) ?? []).map((r) => ({
        at: new Date(Number(r.at)),
        status: r.status as PollStatus,
        error: r.error,
      })),
    };
    return { id: t.id, state, fresh: t.lastStatus === 'ok' && observation !== null };
  });
}

function groupBy<T>(rows: T[], key: (r: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}
