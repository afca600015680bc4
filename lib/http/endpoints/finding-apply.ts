// The handler of POST /api/v1/findings/{id}/apply (the route file in app/ re-exports it).
import { z } from 'zod';
import { requireRole } from '../../auth/guard';
import { getDb } from '../../db/client';
import { applyGuestPlan, guestPlanOf, previewGuestApply } from '../../apply/guest/service';
import { applyPlan, previewApply, type ApplyDeps } from '../../apply/service';
import { loadInventory } from '../../inventory/load';
import { createTransport } from '../../transport';
import { badRequest, invalidParams, notFound, ok, serverError } from '../response';
import { NextResponse } from 'next/server';

type Params = { params: Promise<{ id: string }> };

const bodySchema = z.strictObject({
  dryRun: z.boolean({ error: 'dryRun must be true (preview) or false (apply)' }),
  planId: z
    .string()
    .regex(/^[0-9a-f]{32}$/, { error: 'planId must be the planId of a preview (32 hex digits)' })
    .optional(),
});

/**
 * POST /api/v1/findings/{id}/apply {dryRun: true} → the preview (commands, diff, planId); {dryRun: false,
 * planId} → applies exactly that plan, or 409 when the definition changed since. Operators only; proxy.ts
 * has refused cross-site requests already; every apply attempt is audited.
 */
export async function POST(request: Request, { params }: Params) {
  const who = await requireRole(request, 'operator');
  if (who instanceof Response) return who;
  const raw = (await params).id;
  if (!/^\d{1,9}$/.test(raw)) return notFound(`finding "${raw.slice(0, 20)}" does not exist`);
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return badRequest(
      'the body must be JSON: {"dryRun": true} to preview, {"dryRun": false, "planId": "…"} to apply',
    );
  }
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) return invalidParams(parsed.error);
  if (!parsed.data.dryRun && !parsed.data.planId)
    return badRequest('applying needs the planId of a preview: POST {"dryRun": true} first', [
      { param: 'planId', message: 'required when dryRun is false' },
    ]);
  const transport = createTransport();
  try {
    const deps: ApplyDeps = { db: getDb(), inventory: loadInventory(), transport };
    const id = Number(raw);
    const actor = { username: who.username, via: who.via, address: who.address };
    // A fix that runs inside the target (rngd, rng_current) has its own service; domain changes the other.
    const guest = (await guestPlanOf(deps, id)) !== undefined;
    const r = parsed.data.dryRun
      ? await (guest ? previewGuestApply : previewApply)(deps, id)
      : await (guest ? applyGuestPlan : applyPlan)(deps, id, parsed.data.planId as string, actor);
    if (!r.ok)
      return NextResponse.json(
        { error: r.error },
        { status: r.status, headers: { 'Cache-Control': 'no-store' } },
      );
    return ok('preview' in r ? r.preview : r.outcome);
  } catch (e) {
    return serverError(e);
  } finally {
    await transport.close();
  }
}
