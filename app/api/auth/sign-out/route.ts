import { recordAudit } from '@/lib/auth/audit';
import { getAuth } from '@/lib/auth/auth';
import { resolveIdentity } from '@/lib/auth/identity';
import { endSessions } from '@/lib/auth/users';
import { getDb } from '@/lib/db/client';
import { field, seeOther } from '../form';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/auth/sign-out (form: everywhere=1 to end every session of the user): back to sign-in. */
export async function POST(request: Request) {
  const db = getDb();
  const form = await request.formData();
  const r = await resolveIdentity(request.headers);
  const auth = await getAuth(db);
  const { headers } = await auth.api.signOut({ headers: request.headers, returnHeaders: true });
  if (r.kind === 'identity') {
    const everywhere = field(form, 'everywhere') === '1';
    const ended = everywhere ? await endSessions(db, r.identity.userId) : 0;
    await recordAudit(db, {
      action: everywhere ? 'session.end-all' : 'sign-out',
      actor: r.identity.username,
      via: r.identity.via,
      address: r.identity.address,
      subject: r.identity.username,
      ...(everywhere ? { detail: `${ended} other session(s) ended` } : {}),
    });
  }
  return seeOther(request, '/sign-in', headers.getSetCookie());
}
