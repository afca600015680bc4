'use server';

import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { recordAudit } from '@/lib/auth/audit';
import { getAuth } from '@/lib/auth/auth';
import { ForbiddenError, requireActionRole } from '@/lib/auth/guard';
import { createToken, parseExpiry, revokeToken, TokenError } from '@/lib/auth/tokens';
import { getDb } from '@/lib/db/client';

// Server actions of the account page: any signed-in user, on their own account and tokens.
// (Next.js checks the Origin of server actions; proxy.ts does too.)

export interface ActionState {
  ok: boolean;
  message: string;
  secret?: string;
}

const tokenForm = z.object({
  name: z.string().trim().min(1, 'give the token a name').max(100, 'the name must be at most 100 characters'),
  scope: z.enum(['read', 'operate'], { error: 'scope must be read or operate' }),
  expires: z.string().trim().default('90d'),
});

/** Creates an API token for the signed-in user; the secret comes back once. */
export async function createOwnToken(_prev: ActionState | null, form: FormData): Promise<ActionState> {
  try {
    const who = await requireActionRole('viewer');
    const parsed = tokenForm.safeParse(Object.fromEntries(form));
    if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
    const { name, scope, expires } = parsed.data;
    if (scope === 'operate' && who.userRole === 'viewer') {
      return { ok: false, message: 'a viewer can only make read tokens' };
    }
    const expiresAt = parseExpiry(expires, new Date());
    const db = getDb();
    const t = await createToken(db, { userId: who.userId, scope, name, expiresAt });
    await recordAudit(db, {
      action: 'token.create',
      actor: who.username,
      via: who.via,
      address: who.address,
      subject: t.id,
      detail: `${who.username} ${scope} "${name}"`,
    });
    revalidatePath('/account');
    return {
      ok: true,
      message: `Token ${t.id} created. Copy it now: it is not shown again.`,
      secret: t.secret,
    };
  } catch (e) {
    if (e instanceof ForbiddenError || e instanceof TokenError) return { ok: false, message: e.message };
    throw e;
  }
}

/** Revokes one of the signed-in user's tokens (admins may revoke anyone's). */
export async function revokeOwnToken(form: FormData): Promise<void> {
  const who = await requireActionRole('viewer');
  const id = String(form.get('id') ?? '');
  const db = getDb();
  const t = await revokeToken(db, id, who.userRole === 'admin' ? undefined : who.userId);
  await recordAudit(db, {
    action: 'token.revoke',
    actor: who.username,
    via: who.via,
    address: who.address,
    subject: t.id,
    detail: `${t.username} "${t.name}"`,
  });
  revalidatePath('/account');
  revalidatePath('/users');
}

const passwordForm = z.object({
  current: z.string().min(1, 'enter your current password'),
  next: z.string().min(8, 'the new password must be at least 8 characters long').max(256),
  confirm: z.string(),
});

/** Changes the signed-in user's password; their other sessions end. */
export async function changeOwnPassword(_prev: ActionState | null, form: FormData): Promise<ActionState> {
  try {
    const who = await requireActionRole('viewer');
    if (who.via !== 'session') return { ok: false, message: 'sign in with your password to change it' };
    const parsed = passwordForm.safeParse(Object.fromEntries(form));
    if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
    if (parsed.data.next !== parsed.data.confirm)
      return { ok: false, message: 'the two new passwords differ' };
    const auth = await getAuth();
    try {
      await auth.api.changePassword({
        body: {
          currentPassword: parsed.data.current,
          newPassword: parsed.data.next,
          revokeOtherSessions: true,
        },
        headers: await headers(),
      });
    } catch {
      return { ok: false, message: 'the current password is wrong' };
    }
    await recordAudit(getDb(), {
      action: 'password.change',
      actor: who.username,
      via: who.via,
      address: who.address,
      subject: who.username,
      detail: 'other sessions ended',
    });
    return { ok: true, message: 'Password changed; your other sessions are signed out.' };
  } catch (e) {
    if (e instanceof ForbiddenError) return { ok: false, message: e.message };
    throw e;
  }
}
