// Requests to the API route handlers as the tests send them: with a bearer token of a viewer (read
// scope) or an operator (operate scope), on a migrated test database.
import { createToken } from '../../lib/auth/tokens';
import { addUser } from '../../lib/auth/users';
import type { Db } from '../../lib/db/client';

/** Users vic (viewer) and ana (operator) with one token each: `read` scope and `operate` scope. */
export async function readAndOperateTokens(db: Db): Promise<{ read: string; operate: string }> {
  const vic = await addUser(db, 'vic', 'viewer', null);
  const ana = await addUser(db, 'ana', 'operator', null);
  const read = (await createToken(db, { userId: vic.id, scope: 'read', name: 'ro', expiresAt: null })).secret;
  const operate = (await createToken(db, { userId: ana.id, scope: 'operate', name: 'ops', expiresAt: null }))
    .secret;
  return { read, operate };
}

/** A JSON POST with `token`; a string body goes as it is (to send one that is not JSON). */
export function bearerPost(url: string, token: string, body: unknown): Request {
  return new Request(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
