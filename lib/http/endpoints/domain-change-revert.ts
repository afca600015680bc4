// The handler of POST /api/v1/domain-changes/{id}/revert (the route file in app/ re-exports it).
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requireRole } from '../../auth/guard';
import { getDb } from '../../db/client';
import { applyRevert, previewRevert } from '../../apply/revert';
import type { ApplyDeps } from '../../apply/service';
import { loadInventory } from '../../inventory/load';
import { createTransport } from '../../transport';
import { badRequest, invalidParams, notFound, ok, serverError } from '../response';

type Params = { params: Promise<{ id: string }> };

const bodySchema = z.strictObject({
  dryRun: z.boolean({ error: 'dryRun must be true (preview) or false (revert)' }),
  planId: z
    .string()
    .regex(/^[0-9a-f]{32}$/, { error: 'planId must be the planId of a preview (32 hex digits)' })
    .optional(),
});

/**
 * POST /api/v1/domain-changes/{id}/revert {dryRun: true} → the preview (diff back to the definition before
 * the apply, planId); {dryRun: false, planId} → defines it back, or 409 when the definition changed since
 * the apply. Operators only; proxy.ts has refused cross-site requests already; every attempt is audited.
 */
export async function POST(request: Request, { params }: Params) {
  const who = await requireRole(request, 'operator');
  if (who instanceof Response) return who;
  const raw = (await params).id;
  if (!/^\d{1,9}$/.test(raw)) return notFound(`change "${raw.slice(0, 20)}" does not exist`);
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return badRequest(
      'the body must be JSON: {"dryRun": true} to preview, {"dryRun": false, "planId": "…"} to revert',
    );
  }
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) return invalidParams(parsed.error);
  if (!parsed.data.dryRun && !parsed.data.planId)
    return badRequest('reverting needs the planId of a preview: POST {"dryRun": true} first', [
      { param: 'planId', message: 'required when dryRun is false' },
    ]);
  const transport = createTransport();
  try {
    const deps: ApplyDeps = { db: getDb(), inventory: loadInventory(), transport };
    const id = Number(raw);
    const r = parsed.data.dryRun
      ? await previewRevert(deps, id)
      : await applyRevert(deps, id, parsed.data.planId as string, {
          username: who.username,
          via: who.via,
          address: who.address,
        });
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
