import { signIn } from '@/lib/auth/sign-in';
import { safeNextPath } from '@/lib/auth/redirect';
import { field, seeOther } from '../form';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/auth/sign-in (form: username, password, next): signs in and goes on, or back with an error. */
export async function POST(request: Request) {
  const form = await request.formData();
  const next = safeNextPath(field(form, 'next'));
  const r = await signIn(request.headers, field(form, 'username'), field(form, 'password'));
  if (r.ok) return seeOther(request, next, r.setCookies);
  const back = new URLSearchParams({ error: r.reason, username: field(form, 'username').slice(0, 64) });
  if (next !== '/') back.set('next', next);
  return seeOther(request, `/sign-in?${back}`);
}
