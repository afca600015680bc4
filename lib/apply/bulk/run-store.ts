// A bulk apply's record in the database: the run, one row per finding, one row per step. The executor
// writes each step as it starts and finishes; any web process reads it back (several may serve one
// PostgreSQL, so progress never lives in one process's memory).
import type { Db } from '../../db/client';
import { ABANDONED_AFTER_MS, boundOutput, isFinalRunState } from './limits';

export interface NewRunTarget {
  findingId: number;
  host: string;
  domain: string;
  planId: string;
}

/** Creates the run and its targets ("pending"); returns the run id and each finding's target row id. */
export async function createApplyRun(
  db: Db,
  run: {
    rule: string;
    actor: { username: string; via: string; address: string | null };
    concurrency: number;
    stopAfterFailures: number;
    targets: NewRunTarget[];
  },
  now = new Date(),
): Promise<{ runId: number; targetIds: Map<number, number> }> {
  const created = await db.applyRun.create({
    data: {
      rule: run.rule,
      actor: run.actor.username,
      via: run.actor.via,
      address: run.actor.address,
      state: 'validating',
      concurrency: run.concurrency,
      stopAfterFailures: run.stopAfterFailures,
      createdAt: now,
      updatedAt: now,
    },
  });
  const targetIds = new Map<number, number>();
  for (const t of run.targets) {
    const row = await db.applyRunTarget.create({ data: { ...t, runId: created.id, state: 'pending' } });
    targetIds.set(t.findingId, row.id);
  }
  return { runId: created.id, targetIds };
}

/** Marks the run as still moving (and sets fields when given). */
export async function updateApplyRun(
  db: Db,
  runId: number,
  data: { state?: string; note?: string; maxInFlight?: number; finishedAt?: Date } = {},
): Promise<void> {
  await db.applyRun.update({ where: { id: runId }, data: { ...data, updatedAt: new Date() } });
}

export async function updateRunTarget(
  db: Db,
  targetId: number,
  data: {
    state?: string;
    diff?: string;
    startSeq?: number;
    endSeq?: number;
    startedAt?: Date;
    finishedAt?: Date;
  },
): Promise<void> {
  await db.applyRunTarget.update({ where: { id: targetId }, data });
}

/** Records a step as running; returns its id for finishStep. */
export async function startStep(db: Db, targetId: number, name: string, command: string): Promise<number> {
  const row = await db.applyRunStep.create({
    data: { targetId, name, command: boundOutput(command), state: 'running', startedAt: new Date() },
  });
  return row.id;
}

/** Records a step's end: its exit code and its output, bounded (MAX_STEP_OUTPUT). */
export async function finishStep(
  db: Db,
  stepId: number,
  r: { ok: boolean; exitCode: number | null; output: string },
): Promise<void> {
  await db.applyRunStep.update({
    where: { id: stepId },
    data: {
      state: r.ok ? 'ok' : 'failed',
      exitCode: r.exitCode,
      output: boundOutput(r.output),
      finishedAt: new Date(),
    },
  });
}

export interface ApplyRunView {
  id: number;
  rule: string;
  actor: string;
  state: string;
  concurrency: number;
  stopAfterFailures: number;
  maxInFlight: number;
  note: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  targets: {
    findingId: number;
    host: string;
    domain: string;
    state: string;
    diff: string;
    startSeq: number | null;
    endSeq: number | null;
    steps: {
      name: string;
      command: string;
      state: string;
      exitCode: number | null;
      output: string;
    }[];
  }[];
}

/** The run with its targets and steps in order, or null; a silent unfinished run reads as abandoned. */
export async function getApplyRun(db: Db, runId: number, now = new Date()): Promise<ApplyRunView | null> {
  const run = await db.applyRun.findUnique({
    where: { id: runId },
    include: {
      targets: {
        orderBy: { id: 'asc' },
        include: { steps: { orderBy: { id: 'asc' } } },
      },
    },
  });
  if (!run) return null;
  const silent = now.getTime() - run.updatedAt.getTime() > ABANDONED_AFTER_MS;
  const state = !isFinalRunState(run.state) && silent ? 'abandoned' : run.state;
  return {
    id: run.id,
    rule: run.rule,
    actor: run.actor,
    state,
    concurrency: run.concurrency,
    stopAfterFailures: run.stopAfterFailures,
    maxInFlight: run.maxInFlight,
    note:
      state === 'abandoned' && run.state !== 'abandoned'
        ? `no progress for ${ABANDONED_AFTER_MS / 60_000} min: the process running it stopped; check the targets`
        : run.note,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    targets: run.targets.map((t) => ({
      findingId: t.findingId,
      host: t.host,
      domain: t.domain,
      state: t.state,
      diff: t.diff,
      startSeq: t.startSeq,
      endSeq: t.endSeq,
      steps: t.steps.map((s) => ({
        name: s.name,
        command: s.command,
        state: s.state,
        exitCode: s.exitCode,
        output: s.output,
      })),
    })),
  };
}
