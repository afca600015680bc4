// The handlers of /api/v1/silences (the route file in app/ re-exports them, so tests call them without app/).
import { appNow } from '../../config/clock';
import { requireRole } from '../../auth/guard';
import { getDb } from '../../db/client';
import { badRequest, invalidParams, ok, serverError } from '../response';
import { createSilenceSchema } from '../../silences/input';
import { silenceState } from '../../silences/match';
import { createSilence, listSilences } from '../../silences/store';
import { toSilenceJson } from '../silence-json';

/** GET /api/v1/silences?state=active|expired|all: silences, active first. */
export async function GET(request: Request) {
  const who = await requireRole(request, 'viewer');
  if (who instanceof Response) return who;
  const state = new URL(request.url).searchParams.get('state') ?? 'all';
  if (state !== 'active' && state !== 'expired' && state !== 'all') {
    return badRequest(`state must be active, expired or all, got "${state.slice(0, 40)}"`, [
      { param: 'state', message: 'must be active, expired or all' },
    ]);
  }
  try {
    return ok((await listSilences(getDb(), appNow(), { state })).map(toSilenceJson));
  } catch (e) {
    return serverError(e);
  }
}

/** POST /api/v1/silences {matchers, comment, expiresAt} (operator): 201 with the silence. */
export async function POST(request: Request) {
  const who = await requireRole(request, 'operator');
  if (who instanceof Response) return who;
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return badRequest(
      'the body must be JSON: {"matchers": {"rule": "...", "target": "..."}, "comment": "why", "expiresAt": "2026-12-01T08:00:00Z"}',
    );
  }
  const now = appNow();
  const parsed = createSilenceSchema(now).safeParse(body);
  if (!parsed.success) return invalidParams(parsed.error);
  try {
    const s = await createSilence(
      getDb(),
      parsed.data,
      { name: who.username, via: who.via, address: who.address },
      now,
    );
    return ok(toSilenceJson({ ...s, state: silenceState(s, now) }), { status: 201 });
  } catch (e) {
    return serverError(e);
  }
}
