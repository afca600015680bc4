'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { recordAudit } from '@/lib/auth/audit';
import { ForbiddenError, requireActionRole } from '@/lib/auth/guard';
import { ROLES } from '@/lib/auth/roles';
import { addUser, endSessions, removeUser, setRole, UserError } from '@/lib/auth/users';
import { getDb } from '@/lib/db/client';
import type { ActionState } from '../account/actions';

// Server actions of the Users page: admins only, each one audited.

const addForm = z.object({
  username: z.string(),
  role: z.enum(ROLES, { error: 'role must be viewer, operator or admin' }),
  password: z.string(),
});

/** Adds a user with a password. */
export async function addUserAction(_prev: ActionState | null, form: FormData): Promise<ActionState> {
  try {
    const who = await requireActionRole('admin');
    const parsed = addForm.safeParse(Object.fromEntries(form));
    if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
    const db = getDb();
    const u = await addUser(db, parsed.data.username, parsed.data.role, parsed.data.password);
    await recordAudit(db, {
      action: 'user.add',
      actor: who.username,
      via: who.via,
      address: who.address,
      subject: u.username,
      detail: `role ${u.role}`,
    });
    revalidatePath('/users');
    return { ok: true, message: `Added ${u.username} (${u.role}).` };
  } catch (e) {
    if (e instanceof ForbiddenError || e instanceof UserError) return { ok: false, message: e.message };
    throw e;
  }
}

/** Changes a user's role. */
export async function setRoleAction(form: FormData): Promise<void> {
  const who = await requireActionRole('admin');
  const role = z.enum(ROLES).parse(form.get('role'));
  const db = getDb();
  const name = await setRole(db, String(form.get('username') ?? ''), role);
  await recordAudit(db, {
    action: 'user.role',
    actor: who.username,
    via: who.via,
    address: who.address,
    subject: name,
    detail: `role ${role}`,
  });
  revalidatePath('/users');
}

/** Removes a user with their sessions and tokens. */
export async function removeUserAction(form: FormData): Promise<void> {
  const who = await requireActionRole('admin');
  const db = getDb();
  const name = await removeUser(db, String(form.get('username') ?? ''));
  await recordAudit(db, {
    action: 'user.remove',
    actor: who.username,
    via: who.via,
    address: who.address,
    subject: name,
  });
  revalidatePath('/users');
}

/** Ends every session of a user. */
export async function endSessionsAction(form: FormData): Promise<void> {
  const who = await requireActionRole('admin');
  const db = getDb();
  const username = String(form.get('username') ?? '');
  const user = await db.user.findUnique({ where: { username } });
  if (!user) throw new UserError(`no user named ${username}`);
  const n = await endSessions(db, user.id);
  await recordAudit(db, {
    action: 'session.end-all',
    actor: who.username,
    via: who.via,
    address: who.address,
    subject: username,
    detail: `${n} session(s) ended`,
  });
  revalidatePath('/users');
}
