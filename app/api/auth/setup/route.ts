import { recordAudit } from '@/lib/auth/audit';
import { clientAddress } from '@/lib/auth/peer';
import { checkSetupToken, consumeSetupToken } from '@/lib/auth/setup-token';
import { signIn } from '@/lib/auth/sign-in';
import { addUser, hasAnyUser, UserError } from '@/lib/auth/users';
import { normalizeUsername } from '@/lib/auth/username';
import { getDb } from '@/lib/db/client';
import { field, seeOther } from '../form';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/auth/setup (form: token, username, password, confirm): creates the first admin and signs in. */
export async function POST(request: Request) {
  const db = getDb();
  const form = await request.formData();
  const token = field(form, 'token');
  const username = field(form, 'username');
  const password = field(form, 'password');
  const back = (error: string) =>
    seeOther(request, `/setup?${new URLSearchParams({ token, username: username.slice(0, 64), error })}`);
  if ((await hasAnyUser(db)) || !(await checkSetupToken(db, token))) {
    return Response.json(
      {
        error:
          'setup refused: it needs the one-time link `npm start` printed, and works only while no user exists',
      },
      { status: 403, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const name = normalizeUsername(username);
  if (!name.ok) return back(name.error);
  if (password !== field(form, 'confirm')) return back('the two passwords differ');
  if (password.length < 8) return back('the password must be at least 8 characters long');
  if (!(await consumeSetupToken(db, token))) return back('this setup link was just used; open the dashboard');
  try {
    await addUser(db, name.username, 'admin', password);
  } catch (e) {
    if (e instanceof UserError) return back(e.message);
    throw e;
  }
  await recordAudit(db, {
    action: 'setup',
    actor: name.username,
    via: 'setup',
    address: clientAddress(request.headers),
    subject: name.username,
    detail: 'first admin created',
  });
  const r = await signIn(request.headers, name.username, password, db);
  return seeOther(request, '/', r.ok ? r.setCookies : []);
}
