import { createHash } from 'node:crypto';
import type { Domain, Observation, PollStatus } from '../probe/types';
import type { Db } from './client';

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

/** Stores one cycle's polls in one transaction: samples, latest poll, observations, domain snapshots, hourly rollups. */
export async function recordPolls(db: Db, runId: number, polls: PollRecord[]): Promise<void> {
  if (polls.length === 0) return;
  const snapshots = await latestSnapshotHashes(db, polls.filter((p) => p.domain).map((p) => p.targetId));
  await db.$transaction(async (tx) => {
    await tx.sample.createMany({
      data: polls.map((p) => ({
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
    for (const p of polls) {
      await recordOne(tx, p, snapshots.get(p.targetId));
    }
  });
}

async function recordOne(tx: Tx, p: PollRecord, lastHash: string | undefined): Promise<void> {
  const obs = p.observation;
  await tx.target.update({
    where: { id: p.targetId },
    data: {
      lastPollAt: p.at,
      lastStatus: p.status,
      lastError: p.error,
      lastEntropyAvail: obs?.entropyAvail ?? null,
      lastPoolsize: obs?.poolsize ?? null,
    },
  });
  if (obs) {
    const data = JSON.stringify(obs);
    await tx.observation.upsert({
      where: { targetId: p.targetId },
      create: { targetId: p.targetId, at: p.at, data },
      update: { at: p.at, data },
    });
  }
  if (p.domain) {
    const disks = JSON.stringify(p.domain.disks);
    const rngs = JSON.stringify(p.domain.rngs);
    const hash = createHash('sha256').update(`${disks}\n${rngs}\n${p.domain.genid ?? ''}`).digest('hex');
    if (hash !== lastHash) {
      await tx.domainSnapshot.create({
        data: { targetId: p.targetId, at: p.at, hash, disks, rngs, genid: p.domain.genid },
      });
    }
  }
  const bucket = Math.floor(p.at.getTime() / HOUR) * HOUR;
  const e = p.status === 'ok' ? (obs?.entropyAvail ?? null) : null;
  await tx.$executeRaw`
    INSERT INTO "SampleRollup" ("targetId", "bucket", "minEntropy", "maxEntropy", "sumEntropy", "count", "failures")
    VALUES (${p.targetId}, ${bucket}, ${e}, ${e}, ${e ?? 0}, ${e === null ? 0 : 1}, ${p.status === 'ok' ? 0 : 1})
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
  if (targetIds.length === 0) return new Map();
  const rows = await db.domainSnapshot.findMany({
    where: { targetId: { in: targetIds } },
    orderBy: { at: 'desc' },
    distinct: ['targetId'],
    select: { targetId: true, hash: true },
  });
  return new Map(rows.map((r) => [r.targetId, r.hash]));
}
