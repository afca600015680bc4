import type { PollRecord } from '../record-poll';
import { Prisma } from '../generated/client';
import type { Db } from '../client';

// PostgreSQL forms of record-poll.ts's batched statements. PostgreSQL types the parameters of a bare
// VALUES list as text, so each column is cast; LEAST/GREATEST are its two-argument min/max; times
// bind as Date (timestamp(3)).

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
const HOUR = 3_600_000;

/** Latest poll columns of Target, one statement for a chunk of polls. */
export function updateTargetsPg(tx: Tx, polls: PollRecord[], updatedAt: number) {
  const rows = polls.map(
    (p) =>
      Prisma.sql`(${p.targetId}::int, ${p.at}::timestamp(3), ${p.status}::text, ${p.error}::text, ${p.observation?.entropyAvail ?? null}::int, ${p.observation?.poolsize ?? null}::int)`,
  );
  return tx.$executeRaw`
    UPDATE "Target" SET "lastPollAt" = v.at, "lastStatus" = v.status, "lastError" = v.error,
      "lastEntropyAvail" = v.entropy, "lastPoolsize" = v.poolsize, "updatedAt" = ${new Date(updatedAt)}
    FROM (VALUES ${Prisma.join(rows)}) AS v(id, at, status, error, entropy, poolsize) WHERE "Target"."id" = v.id`;
}

/** The latest observation per target (insert or replace). */
export function upsertObservationsPg(tx: Tx, polls: PollRecord[]) {
  const rows = polls.flatMap((p) =>
    p.observation ? [Prisma.sql`(${p.targetId}, ${p.at}, ${JSON.stringify(p.observation)})`] : [],
  );
  if (rows.length === 0) return Promise.resolve(0);
  return tx.$executeRaw`
    INSERT INTO "Observation" ("targetId", "at", "data") VALUES ${Prisma.join(rows)}
    ON CONFLICT ("targetId") DO UPDATE SET "at" = excluded."at", "data" = excluded."data"`;
}

/** Hourly rollups: fold this cycle's polls into each target's current hour. */
export function upsertRollupsPg(tx: Tx, polls: PollRecord[]) {
  const rows = polls.map((p) => {
    const bucket = new Date(Math.floor(p.at.getTime() / HOUR) * HOUR);
    const e = p.status === 'ok' ? (p.observation?.entropyAvail ?? null) : null;
    return Prisma.sql`(${p.targetId}, ${bucket}, ${e}::int, ${e}::int, ${e ?? 0}, ${e === null ? 0 : 1}, ${p.status === 'ok' ? 0 : 1})`;
  });
  return tx.$executeRaw`
    INSERT INTO "SampleRollup" AS r ("targetId", "bucket", "minEntropy", "maxEntropy", "sumEntropy", "count", "failures")
    VALUES ${Prisma.join(rows)}
    ON CONFLICT ("targetId", "bucket") DO UPDATE SET
      "minEntropy" = LEAST(r."minEntropy", excluded."minEntropy"),
      "maxEntropy" = GREATEST(r."maxEntropy", excluded."maxEntropy"),
      "sumEntropy" = r."sumEntropy" + excluded."sumEntropy",
      "count" = r."count" + excluded."count",
      "failures" = r."failures" + excluded."failures"`;
}
