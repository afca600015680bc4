// The handler of GET /api/v1/apply-runs/{id}: a bulk apply's progress, read from the database (any web
// process answers it, whichever one runs the apply).
import { requireRole } from '../../auth/guard';
import { getApplyRun } from '../../apply/bulk/run-store';
import { getDb } from '../../db/client';
import { notFound, ok, serverError } from '../response';

type Params = { params: Promise<{ id: string }> };

/** GET /api/v1/apply-runs/{id} → the run, its targets and each target's steps with their output. */
export async function GET(request: Request, { params }: Params) {
  const who = await requireRole(request, 'operator');
  if (who instanceof Response) return who;
  const raw = (await params).id;
  if (!/^\d{1,9}$/.test(raw)) return notFound(`apply run "${raw.slice(0, 20)}" does not exist`);
  try {
    const run = await getApplyRun(getDb(), Number(raw));
    if (!run) return notFound(`apply run ${raw} does not exist`);
    return ok(run);
  } catch (e) {
    return serverError(e);
  }
}
