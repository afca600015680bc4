// The handler of POST /api/v1/findings/apply: one rule's fix on many findings (the route file in app/
// re-exports it). The dry run answers with every target's preview and validation; the apply answers
// 202 with the run id at once and runs after the response (GET /api/v1/apply-runs/{id} shows progress).
import { after } from 'next/server';
import { z } from 'zod';
import { requireRole } from '../../auth/guard';
import { getDb } from '../../db/client';
import { startBulkApply } from '../../apply/bulk/execute';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_STOP_AFTER_FAILURES,
  MAX_BULK_FINDINGS,
  MAX_CONCURRENCY,
} from '../../apply/bulk/limits';
import { previewBulk } from '../../apply/bulk/preview';
import type { ApplyDeps } from '../../apply/service';
import { loadInventory } from '../../inventory/load';
import { createTransport } from '../../transport';
import { badRequest, invalidParams, ok, serverError } from '../response';
import { PLAN_ID_PATTERN, refused } from '../reviewed-change';

const planId = z
  .string()
  .regex(PLAN_ID_PATTERN, { error: 'each planId must be the planId of a preview (32 hex digits)' });

const bodySchema = z.strictObject({
  findingIds: z
    .array(z.int().positive(), { error: 'findingIds must be a list of finding ids' })
    .min(1, { error: 'findingIds must name at least one finding' })
    .max(MAX_BULK_FINDINGS, { error: `at most ${MAX_BULK_FINDINGS} findings per run: split the selection` })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'findingIds lists a finding twice' }),
  dryRun: z.boolean({ error: 'dryRun must be true (preview and validate) or false (apply)' }),
  planIds: z.record(z.string().regex(/^\d{1,9}$/), planId).optional(),
  concurrency: z
    .int()
    .min(1)
    .max(MAX_CONCURRENCY, { error: `concurrency is at most ${MAX_CONCURRENCY}` })
    .default(DEFAULT_CONCURRENCY),
  stopAfterFailures: z.int().min(1).max(MAX_BULK_FINDINGS).default(DEFAULT_STOP_AFTER_FAILURES),
});

/**
 * POST /api/v1/findings/apply {findingIds, dryRun: true} → {rule, valid, targets: [preview + validation]};
 * {findingIds, dryRun: false, planIds: {id: planId}} → 202 {runId}. Operators only; proxy.ts has refused
 * cross-site requests already; every target and the run are audited.
 */
export async function POST(request: Request) {
  const who = await requireRole(request, 'operator');
  if (who instanceof Response) return who;
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return badRequest(
      'the body must be JSON: {"findingIds": [1, 2], "dryRun": true} to preview, then {"findingIds": [1, 2], "dryRun": false, "planIds": {"1": "…", "2": "…"}}',
    );
  }
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) return invalidParams(parsed.error);
  const req = parsed.data;
  if (!req.dryRun && !req.planIds)
    return badRequest('applying needs the planIds of a preview: POST with "dryRun": true first', [
      { param: 'planIds', message: 'required when dryRun is false' },
    ]);
  const transport = createTransport();
  let closeLater = false;
  try {
    const deps: ApplyDeps = { db: getDb(), inventory: loadInventory(), transport };
    if (req.dryRun) {
      const p = await previewBulk(deps, req.findingIds, req.concurrency);
      if (!p.ok) return refused(p);
      return ok(p.preview);
    }
    const started = await startBulkApply(
      deps,
      {
        findingIds: req.findingIds,
        planIds: req.planIds ?? {},
        concurrency: req.concurrency,
        stopAfterFailures: req.stopAfterFailures,
      },
      { username: who.username, via: who.via, address: who.address },
    );
    if (!started.ok) return refused(started);
    // The run goes on after the answer; its transport is closed when it ends.
    closeLater = true;
    after(() => started.done.finally(() => transport.close()));
    return ok({ runId: started.runId, progress: `/api/v1/apply-runs/${started.runId}` }, { status: 202 });
  } catch (e) {
    return serverError(e);
  } finally {
    if (!closeLater) await transport.close();
  }
}
