// The handlers of /api/v1/silences/[id] (the route file in app/ re-exports them, so tests call them without app/).
import { appNow } from '../../config/clock';
import { requireRole } from '../../auth/guard';
import { getDb } from '../../db/client';
import { badRequest, invalidParams, notFound, ok, serverError } from '../response';
import { updateSilenceSchema } from '../../silences/input';
import { silenceState } from '../../silences/match';
import { expireSilence, getSilence, updateSilence, type SilenceChange } from '../../silences/store';
import { NextResponse } from 'next/server';
import { toSilenceJson } from '../silence-json';

type Params = { params: Promise<{ id: string }> };

async function silenceId(params: Params['params']): Promise<number | null> {
  const { id } = await params;
  return /^\d{1,9}$/.test(id) ? Number(id) : null;
}

const unknown = (raw: string) =>
  notFound(`silence "${raw.slice(0, 20)}" does not exist; GET /api/v1/silences lists them`);

/** GET /api/v1/silences/{id} */
export async function GET(request: Request, { params }: Params) {
  const who = await requireRole(request, 'viewer');
  if (who instanceof Response) return who;
  const id = await silenceId(params);
  if (id === null) return unknown((await params).id);
  try {
    const s = await getSilence(getDb(), id, appNow());
    return s ? ok(toSilenceJson(s)) : unknown(String(id));
  } catch (e) {
    return serverError(e);
  }
}

/** PATCH /api/v1/silences/{id} {matchers?, comment?, expiresAt?} (operator): changes an active silence. */
export async function PATCH(request: Request, { params }: Params) {
  const who = await requireRole(request, 'operator');
  if (who instanceof Response) return who;
  const id = await silenceId(params);
  if (id === null) return unknown((await params).id);
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return badRequest('the body must be JSON with some of matchers, comment and expiresAt');
  }
  const now = appNow();
  const parsed = updateSilenceSchema(now).safeParse(body);
  if (!parsed.success) return invalidParams(parsed.error);
  try {
    return answer(await updateSilence(getDb(), id, parsed.data, actor(who), now), now);
  } catch (e) {
    return serverError(e);
  }
}

/** DELETE /api/v1/silences/{id} (operator): expires it now (Alertmanager's expire); 200 with the silence. */
export async function DELETE(request: Request, { params }: Params) {
  const who = await requireRole(request, 'operator');
  if (who instanceof Response) return who;
  const id = await silenceId(params);
  if (id === null) return unknown((await params).id);
  const now = appNow();
  try {
    return answer(await expireSilence(getDb(), id, actor(who), now), now);
  } catch (e) {
    return serverError(e);
  }
}

function actor(who: { username: string; via: string; address: string }) {
  return { name: who.username, via: who.via, address: who.address };
}

function answer(r: SilenceChange, now: Date) {
  if (!r.ok)
    return NextResponse.json(
      { error: r.error },
      { status: r.status, headers: { 'Cache-Control': 'no-store' } },
    );
  return ok(toSilenceJson({ ...r.silence, state: silenceState(r.silence, now) }));
}
