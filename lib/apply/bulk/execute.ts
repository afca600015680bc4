// A bulk apply: one rule's fix on many domains. Phase 1 validates every target (read, edit, compare
// with the previewed plan, validate without storing); if any fails, nothing is defined anywhere and
// the run is "refused". Phase 2 changes the targets with bounded concurrency: each stops at its first
// failing step, and after N failed targets the rest are skipped. Each changed target is read back at
// once (persistent and live definition) and its host is asked to be polled now. Every step is written
// to the run record as it finishes; one audit entry per target and one for the run.
import pLimit from 'p-limit';
import { requestPoll } from '../../collector/poll-requests';
import { definitionDiff } from '../diff';
import { auditAs } from '../run-step';
import type { ApplyActor, ApplyDeps, Failure, Resolved } from '../service';
import { targetResult } from './limits';
import { resolveAll } from './resolve-all';
import { createApplyRun, updateApplyRun, updateRunTarget } from './run-store';
import { recordDomainChange } from '../domain-changes';
import { changeSummary, define, readAndEdit, validate, verify, type StepContext } from './target-steps';

export interface BulkApplyRequest {
  findingIds: number[];
  /** finding id → the planId its preview returned */
  planIds: Record<string, string>;
  concurrency: number;
  stopAfterFailures: number;
}

export interface BulkApplyHooks {
  /** runs between validation and the first change (tests change a domain there, as another admin could) */
  afterValidation?: () => Promise<void>;
}

interface Prepared {
  r: Resolved;
  rowId: number;
  ctx: StepContext;
  before?: string;
  after?: string;
}

/**
 * Checks the request and creates the run record; `done` settles when the run has finished (the caller
 * keeps its transport open until then). Failure: nothing was created or changed.
 */
export async function startBulkApply(
  deps: ApplyDeps,
  req: BulkApplyRequest,
  actor: ApplyActor,
  hooks: BulkApplyHooks = {},
): Promise<{ ok: true; runId: number; done: Promise<void> } | Failure> {
  const all = await resolveAll(deps, req.findingIds);
  if (!all.ok) return all;
  const noPlan = req.findingIds.filter((id) => !req.planIds[String(id)]);
  if (noPlan.length)
    return {
      ok: false,
      status: 422,
      error: `planIds lacks findings ${noPlan.slice(0, 20).join(', ')}: preview with {"dryRun": true} and send each planId`,
    };
  const { runId, targetIds } = await createApplyRun(deps.db, {
    rule: all.rule,
    actor,
    concurrency: req.concurrency,
    stopAfterFailures: req.stopAfterFailures,
    targets: all.targets.map((r) => ({
      findingId: r.findingId,
      host: r.plan.host,
      domain: r.plan.domain,
      planId: req.planIds[String(r.findingId)]!,
    })),
  });
  const prepared: Prepared[] = all.targets.map((r) => {
    const rowId = targetIds.get(r.findingId)!;
    return { r, rowId, ctx: { deps, r, recordTo: rowId } };
  });
  const done = execute(deps, runId, all.rule, req, prepared, actor, hooks).catch(async (e: unknown) => {
    // Our own bug or a lost database: the run says so instead of hanging in "applying".
    const why = e instanceof Error ? e.message : String(e);
    console.error(`[apply] run ${runId} failed:`, e);
    await updateApplyRun(deps.db, runId, {
      state: 'stopped',
      note: `internal error: ${why}`,
      finishedAt: new Date(),
    }).catch(() => undefined);
  });
  return { ok: true, runId, done };
}

async function execute(
  deps: ApplyDeps,
  runId: number,
  rule: string,
  req: BulkApplyRequest,
  targets: Prepared[],
  actor: ApplyActor,
  hooks: BulkApplyHooks,
): Promise<void> {
  const db = deps.db;
  const audit = auditAs(db, 'remediation.apply', actor);
  const runSubject = `apply run ${runId}: ${rule} on ${targets.length} domains`;

  // Phase 1: validate every target; nothing is defined unless all pass.
  const limit = pLimit(req.concurrency);
  const invalid: string[] = [];
  await Promise.all(
    targets.map((t) =>
      limit(async () => {
        await updateRunTarget(db, t.rowId, { state: 'validating' });
        const e = await readAndEdit(t.ctx);
        let why: string | null = null;
        if (!e.ok) why = e.error;
        else if (e.planId !== req.planIds[String(t.r.findingId)])
          why = `the definition of ${t.r.label} changed since the preview: preview again`;
        else {
          const v = await validate(t.ctx, e.after);
          if (!v.ok) why = v.error;
          t.before = e.before;
          t.after = e.after;
        }
        if (why) invalid.push(`${t.r.label}: ${why}`);
        await updateRunTarget(db, t.rowId, {
          state: why ? 'invalid' : 'valid',
          diff: e.ok ? definitionDiff(t.r.plan.domain, e.before, e.after) : '',
        });
        await updateApplyRun(db, runId);
      }),
    ),
  );
  if (invalid.length) {
    await db.applyRunTarget.updateMany({ where: { runId, state: 'valid' }, data: { state: 'not-applied' } });
    const note = `validation failed on ${invalid.length} of ${targets.length} domains: nothing was changed on any`;
    await updateApplyRun(db, runId, { state: 'refused', note, finishedAt: new Date() });
    await audit(false, runSubject, `${note}; ${invalid.slice(0, 10).join('; ')}`.slice(0, 8000));
    return;
  }

  // Phase 2: change the targets, bounded, stopping after N failures.
  await hooks.afterValidation?.();
  await updateApplyRun(db, runId, { state: 'applying' });
  let seq = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let failures = 0;
  const counts = { resolved: 0, 'applied-waiting-for-cold-boot': 0, failed: 0, skipped: 0 };
  await Promise.all(
    targets.map((t) =>
      limit(async () => {
        if (failures >= req.stopAfterFailures) {
          counts.skipped++;
          await updateRunTarget(db, t.rowId, { state: 'skipped' });
          return;
        }
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await updateRunTarget(db, t.rowId, { state: 'applying', startSeq: ++seq, startedAt: new Date() });
        await updateApplyRun(db, runId, { maxInFlight });
        const result = await applyOne(t, req.planIds[String(t.r.findingId)]!, actor.username);
        if (result.state === 'failed') failures++;
        counts[result.state]++;
        inFlight--;
        await updateRunTarget(db, t.rowId, {
          state: result.state,
          ...(result.diff ? { diff: result.diff } : {}),
          endSeq: ++seq,
          finishedAt: new Date(),
        });
        await audit(
          result.state !== 'failed',
          `finding ${t.r.findingId}: ${t.r.plan.edit.op} on ${t.r.label} as ${t.r.conn.user} (apply run ${runId})`,
          `${result.state}; ${result.detail}`.slice(0, 8000),
        );
      }),
    ),
  );

  // Re-probe: the collector polls the changed hosts at once (the findings resolve or show the wait).
  // (lib/collector/poll-requests.ts: the collector looks for these marks every few seconds.)
  await requestPoll(db, [...new Set(targets.flatMap((t) => [t.r.target, t.r.plan.host]))]);
  const stopped = counts.skipped > 0;
  const note = `${counts.resolved} resolved, ${counts['applied-waiting-for-cold-boot']} waiting for a cold boot, ${counts.failed} failed, ${counts.skipped} skipped${stopped ? ` (stopped after ${failures} failures)` : ''}`;
  await updateApplyRun(db, runId, {
    state: stopped ? 'stopped' : 'done',
    note,
    maxInFlight,
    finishedAt: new Date(),
  });
  await audit(counts.failed === 0 && !stopped, runSubject, note);
}

/** Applies one target: read (unchanged since the preview?), define, read back; stops at the first failure. */
async function applyOne(
  t: Prepared,
  planId: string,
  actor: string,
): Promise<{ state: 'resolved' | 'applied-waiting-for-cold-boot' | 'failed'; diff: string; detail: string }> {
  const e = await readAndEdit(t.ctx);
  if (!e.ok) return { state: 'failed', diff: '', detail: e.error };
  if (e.planId !== planId)
    return {
      state: 'failed',
      diff: '',
      detail: `the definition of ${t.r.label} changed since it was validated`,
    };
  const change = changeSummary(e.before, e.after);
  const d = await define(t.ctx, e.after);
  if (!d.ok) return { state: 'failed', diff: '', detail: `define failed: ${d.error}; change: ${change}` };
  const v = await verify(t.ctx);
  if (!v.ok) return { state: 'failed', diff: '', detail: `read back failed: ${v.error}; change: ${change}` };
  // Kept for Revert (../revert.ts): the definition before and after, exactly as libvirt printed them.
  if (v.stored !== e.before)
    await recordDomainChange(t.ctx.deps.db, {
      actor,
      findingId: t.r.findingId,
      host: t.r.plan.host,
      domain: t.r.plan.domain,
      beforeXml: e.before,
      afterXml: v.stored,
    });
  const state = targetResult(v.persistentHasFix, v.liveHasFix);
  return {
    state,
    diff: definitionDiff(t.r.plan.domain, e.before, v.stored),
    detail: `change: ${change}; virsh: ${d.out.trim()}${v.persistentHasFix ? '' : '; the definition read back does not have the change'}`,
  };
}
