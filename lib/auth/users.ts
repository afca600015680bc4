import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import { getAuth, MIN_PASSWORD_LENGTH } from './auth';
import { parseStoredRole, type Role } from './roles';
import { normalizeUsername } from './username';

// Account management shared by the CLI (`npm run users`), the setup page, the admin pages and the
// auth proxy. Passwords are hashed by better-auth (scrypt); sessions are better-auth's rows.

/** A mistake the caller can fix (bad name, taken name, short password, last admin...). */
export class UserError extends Error {
  override name = 'UserError';
}

export interface UserSummary {
  id: string;
  username: string;
  role: Role;
  createdAt: Date;
  hasPassword: boolean;
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UserError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  }
  if (password.length > 256) throw new UserError('the password must be at most 256 characters long');
}

function validName(raw: string): string {
  const n = normalizeUsername(raw);
  if (!n.ok) throw new UserError(n.error);
  return n.username;
}

/** Creates a user; a null password makes an account that only the auth proxy can sign in. */
export async function addUser(
  db: Db,
  rawName: string,
  role: Role,
  password: string | null,
): Promise<UserSummary> {
  const username = validName(rawName);
  if (password !== null) checkPassword(password);
  if (await db.user.findUnique({ where: { username } })) {
    throw new UserError(`a user named ${username} already exists (see \`npm run users -- list\`)`);
  }
  const ctx = await (await getAuth(db)).$context;
  const now = new Date();
  const id = randomUUID();
  const hash = password === null ? null : await ctx.password.hash(password);
  await db.$transaction([
    db.user.create({
      data: {
        id,
        name: username,
        username,
        displayUsername: username,
        email: `${username.replace(/@/g, '.at.')}@users.invalid`,
        role,
        createdAt: now,
        updatedAt: now,
      },
    }),
    ...(hash === null
      ? []
      : [
          db.account.create({
            data: {
              id: randomUUID(),
              accountId: id,
              providerId: 'credential',
              userId: id,
              password: hash,
              createdAt: now,
              updatedAt: now,
            },
          }),
        ]),
  ]);
  return { id, username, role, createdAt: now, hasPassword: hash !== null };
}

/** Every user, oldest first. */
export async function listUsers(db: Db): Promise<UserSummary[]> {
  const rows = await db.user.findMany({
    orderBy: { createdAt: 'asc' },
    include: { accounts: { where: { providerId: 'credential' }, select: { id: true } } },
  });
  return rows.map((u) => ({
    id: u.id,
    username: u.username ?? u.name,
    role: parseStoredRole(u.role),
    createdAt: u.createdAt,
    hasPassword: u.accounts.length > 0,
  }));
}

/** True once any user exists (the dashboard leaves setup mode). */
export async function hasAnyUser(db: Db): Promise<boolean> {
  return (await db.user.count()) > 0;
}

async function findUser(db: Db, rawName: string) {
  const username = validName(rawName);
  const user = await db.user.findUnique({ where: { username } });
  if (!user) throw new UserError(`no user named ${username} (see \`npm run users -- list\`)`);
  return user;
}

async function assertNotLastAdmin(db: Db, userId: string, role: string): Promise<void> {
  if (role !== 'admin') return;
  const admins = await db.user.count({ where: { role: 'admin', id: { not: userId } } });
  if (admins === 0) throw new UserError('this is the last admin; make another user admin first');
}

/** Deletes a user with their sessions and tokens; the last admin cannot be removed. */
export async function removeUser(db: Db, rawName: string): Promise<string> {
  const user = await findUser(db, rawName);
  await assertNotLastAdmin(db, user.id, user.role);
  await db.user.delete({ where: { id: user.id } });
  return user.username ?? user.name;
}

/** Replaces a user's password and ends all their sessions. */
export async function setPassword(db: Db, rawName: string, password: string): Promise<string> {
  checkPassword(password);
  const user = await findUser(db, rawName);
  const ctx = await (await getAuth(db)).$context;
  const hash = await ctx.password.hash(password);
  const now = new Date();
  const account = await db.account.findFirst({ where: { userId: user.id, providerId: 'credential' } });
  await db.$transaction([
    account
      ? db.account.update({ where: { id: account.id }, data: { password: hash, updatedAt: now } })
      : db.account.create({
          data: {
            id: randomUUID(),
            accountId: user.id,
            providerId: 'credential',
            userId: user.id,
            password: hash,
            createdAt: now,
            updatedAt: now,
          },
        }),
    db.session.deleteMany({ where: { userId: user.id } }),
  ]);
  return user.username ?? user.name;
}

/** Changes a user's role; the last admin cannot step down. */
export async function setRole(db: Db, rawName: string, role: Role): Promise<string> {
  const user = await findUser(db, rawName);
  if (role !== 'admin') await assertNotLastAdmin(db, user.id, user.role);
  await db.user.update({ where: { id: user.id }, data: { role } });
  return user.username ?? user.name;
}

/** Ends every session of a user (sign out everywhere). Returns how many ended. */
export async function endSessions(db: Db, userId: string, exceptSessionId?: string): Promise<number> {
  const r = await db.session.deleteMany({
    where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
  });
  return r.count;
}
