import { createHash } from 'node:crypto';
import type { Domain, Observation, PollStatus } from '../probe/types';
import type { Db } from './client';
import { Prisma } from './generated/client';
import { providerOf } from './providers/dialect';
import { updateTargetsPg, upsertObservationsPg, upsertRollupsPg } from './providers/record-poll-postgres';

/** The outcome of polling one target in one cycle, ready to store. */
export interface PollRecord {
  targetId: number;
  at: Date;
  status: PollStatus;
  error: string | null;
  durationMs: number;
  observation: Observation | null;
  /** guests only: the domain as the host reported it this cycle */
  domain?: Domain | null;
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

const HOUR = 3_600_000;
/**
 * Rows per statement: at ≤ 9 bound values a row, far below SQLite's 32,766 parameters. Also the
 * createMany calls: Prisma's query compiler (WebAssembly) takes a statement's whole data at once and
 * its memory grows to the largest statement for good; one createMany of 5,000 samples grew it by 51 MB.
 */
export const CHUNK = 500;

/** Stores one cycle's polls in one transaction: samples, latest poll, observations, domain snapshots, hourly rollups. */
export async function recordPolls(db: Db, runId: number, polls: PollRecord[]): Promise<void> {
  if (polls.length === 0) return;
  const snapshots = await latestSnapshotHashes(
    db,
    polls.filter((p) => p.domain).map((p) => p.targetId),
  );
  const changed = polls.flatMap((p) => {
    if (!p.domain) return [];
    const disks = JSON.stringify(p.domain.disks);
    const rngs = JSON.stringify(p.domain.rngs);
    const hash = createHash('sha256')
      .update(`${disks}\n${rngs}\n${p.domain.genid ?? ''}`)
      .digest('hex');
    // A snapshot is written only when the domain's configuration changed.
    if (hash === snapshots.get(p.targetId)) return [];
    return [{ targetId: p.targetId, at: p.at, hash, disks, rngs, genid: p.domain.genid }];
  });
  const updatedAt = Date.now();
  // One statement per table per chunk rather than four per target: through Prisma each statement
  // costs ~0.2 ms, which at 200 targets was most of a cycle's store time (141 → 37 ms measured).
  const pg = providerOf(db) === 'postgresql';
  await db.$transaction(
    async (tx) => {
      for (let i = 0; i < polls.length; i += CHUNK) {
        const part = polls.slice(i, i + CHUNK);
        await tx.sample.createMany({
          data: part.map((p) => ({
            targetId: p.targetId,
            runId,
            at: p.at,
            status: p.status,
            error: p.error,
            durationMs: Math.round(p.durationMs),
            entropyAvail: p.observation?.entropyAvail ?? null,
            poolsize: p.observation?.poolsize ?? null,
            uptimeSec: p.observation?.uptimeSec ?? null,
          })),
        });
        await (pg ? updateTargetsPg : updateTargets)(tx, part, updatedAt);
        await (pg ? upsertObservationsPg : upsertObservations)(tx, part);
        await (pg ? upsertRollupsPg : upsertRollups)(tx, part);
      }
      for (let i = 0; i < changed.length; i += CHUNK) {
        await tx.domainSnapshot.createMany({ data: changed.slice(i, i + CHUNK) });
      }
    },
    // Prisma's default 5 s is too short for a cycle of thousands of targets on a busy database server
    // (5,000 targets on a loaded PostgreSQL took 16.6 s, bench:scale --store postgres): slow, not wrong.
    { timeout: 60_000, maxWait: 30_000 },
  );
}

// SQLite names the columns of a bare VALUES list column1, column2, ...
function updateTargets(tx: Tx, polls: PollRecord[], updatedAt: number) {
  const rows = polls.map(
    (p) =>
      Prisma.sql`(${p.targetId}, ${p.at.getTime()}, ${p.status}, ${p.error}, ${p.observation?.entropyAvail ?? null}, ${p.observation?.poolsize ?? null})`,
  );
  return tx.$executeRaw`
    UPDATE "Target" SET "lastPollAt" = v.column2, "lastStatus" = v.column3, "lastError" = v.column4,
      "lastEntropyAvail" = v.column5, "lastPoolsize" = v.column6, "updatedAt" = ${updatedAt}
    FROM (VALUES ${Prisma.join(rows)}) AS v WHERE "Target"."id" = v.column1`;
}

function upsertObservations(tx: Tx, polls: PollRecord[]) {
  const rows = polls.flatMap((p) =>
    p.observation ? [Prisma.sql`(${p.targetId}, ${p.at.getTime()}, ${JSON.stringify(p.observation)})`] : [],
  );
  if (rows.length === 0) return Promise.resolve(0);
  return tx.$executeRaw`
    INSERT INTO "Observation" ("targetId", "at", "data") VALUES ${Prisma.join(rows)}
    ON CONFLICT ("targetId") DO UPDATE SET "at" = excluded."at", "data" = excluded."data"`;
}

function upsertRollups(tx: Tx, polls: PollRecord[]) {
  const rows = polls.map((p) => {
    const bucket = Math.floor(p.at.getTime() / HOUR) * HOUR;
    const e = p.status === 'ok' ? (p.observation?.entropyAvail ?? null) : null;
    return Prisma.sql`(${p.targetId}, ${bucket}, ${e}, ${e}, ${e ?? 0}, ${e === null ? 0 : 1}, ${p.status === 'ok' ? 0 : 1})`;
  });
  return tx.$executeRaw`
    INSERT INTO "SampleRollup" ("targetId", "bucket", "minEntropy", "maxEntropy", "sumEntropy", "count", "failures")
    VALUES ${Prisma.join(rows)}
    ON CONFLICT ("targetId", "bucket") DO UPDATE SET
      "minEntropy" = CASE WHEN excluded."minEntropy" IS NULL THEN "minEntropy"
                          ELSE min(coalesce("minEntropy", excluded."minEntropy"), excluded."minEntropy") END,
      "maxEntropy" = CASE WHEN excluded."maxEntropy" IS NULL THEN "maxEntropy"
                          ELSE max(coalesce("maxEntropy", excluded."maxEntropy"), excluded."maxEntropy") END,
      "sumEntropy" = "sumEntropy" + excluded."sumEntropy",
      "count" = "count" + excluded."count",
      "failures" = "failures" + excluded."failures"`;
}

async function latestSnapshotHashes(db: Db, targetIds: number[]): Promise<Map<number, string>> {
  const hashes = new Map<number, string>();
  // Prisma's own query builder allows SQLite 999 bind values (raw SQL gets 32,766), so ids go in chunks.
  for (let i = 0; i < targetIds.length; i += CHUNK) {
    const rows = await db.domainSnapshot.findMany({
      where: { targetId: { in: targetIds.slice(i, i + CHUNK) } },
      orderBy: { at: 'desc' },
      distinct: ['targetId'],
      select: { targetId: true, hash: true },
    });
    for (const r of rows) hashes.set(r.targetId, r.hash);
  }
  return hashes;
}
