// The one shape of POST /api/v1/findings/{id}/apply and /api/v1/domain-changes/{id}/revert: operators
// only (proxy.ts has refused cross-site requests already), the id, the plan body, then the preview or the
// change over a transport made for this request and closed after it.
import { requireRole } from '../../auth/guard';
import { getDb } from '../../db/client';
import type { ApplyActor, ApplyDeps, Failure } from '../../apply/service';
import { loadInventory } from '../../inventory/load';
import { createTransport } from '../../transport';
import { notFound, ok, serverError } from '../response';
import { readPlanBody, refused, type PlanBody } from '../reviewed-change';

type Params = { params: Promise<{ id: string }> };
type Answer = { ok: true; preview: unknown } | { ok: true; outcome: unknown } | Failure;

/** A route handler for a change on the record `noun` {id}: `run` previews or makes it (audited there). */
export function reviewedChangePost(o: {
  noun: string;
  verb: 'apply' | 'revert';
  run: (deps: ApplyDeps, id: number, body: PlanBody, actor: ApplyActor) => Promise<Answer>;
}) {
  return async function POST(request: Request, { params }: Params) {
    const who = await requireRole(request, 'operator');
    if (who instanceof Response) return who;
    const raw = (await params).id;
    if (!/^\d{1,9}$/.test(raw)) return notFound(`${o.noun} "${raw.slice(0, 20)}" does not exist`);
    const body = await readPlanBody(request, o.verb);
    if (body instanceof Response) return body;
    const transport = createTransport();
    try {
      const deps: ApplyDeps = { db: getDb(), inventory: loadInventory(), transport };
      const actor = { username: who.username, via: who.via, address: who.address };
      const r = await o.run(deps, Number(raw), body, actor);
      if (!r.ok) return refused(r);
      return ok('preview' in r ? r.preview : r.outcome);
    } catch (e) {
      return serverError(e);
    } finally {
      await transport.close();
    }
  };
}
