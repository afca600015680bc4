import type { Db } from '../lib/db/client';
import { createToken } from '../lib/auth/tokens';
import { addUser } from '../lib/auth/users';

/** A bench user (created once) and a fresh read token for it, as an Authorization header. */
export async function benchAuthHeaders(db: Db): Promise<Record<string, string>> {
  const name = 'bench';
  const existing = await db.user.findUnique({ where: { username: name } });
  const userId = existing ? existing.id : (await addUser(db, name, 'viewer', null)).id;
  const { secret } = await createToken(db, {
    userId,
    scope: 'read',
    name: 'bench:ui',
    expiresAt: new Date(Date.now() + 3600_000),
  });
  return { Authorization: `Bearer ${secret}` };
}
