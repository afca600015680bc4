import { afterEach, beforeEach, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { PEER_HEADER, PEER_KEY_ENV, peerHeaderValue } from './peer';
import { signIn } from './sign-in';
import { addUser } from './users';

// Served over https (ENTROPY_WATCH_PUBLIC_URL), the session cookie is Secure and __Secure- prefixed.
// The environment is read once per process, before the first getAuth: set here, at module load.
process.env.ENTROPY_WATCH_PUBLIC_URL = 'https://entropy.example.com';
process.env[PEER_KEY_ENV] = 'k';

let t: TestDb;
beforeEach(async () => {
  t = await freshDb('ew-auth-https-');
});
afterEach(async () => t.cleanup());

it('sets a Secure, HttpOnly, SameSite=Lax cookie when the public URL is https', async () => {
  await addUser(t.db, 'alice', 'viewer', 'correct horse');
  const r = await signIn(
    new Headers({ [PEER_HEADER]: peerHeaderValue('k', '10.0.0.1') }),
    'alice',
    'correct horse',
    t.db,
  );
  expect(r.ok).toBe(true);
  const cookie = (r.ok ? r.setCookies : []).find((c) => c.includes('session_token')) ?? '';
  expect(cookie).toMatch(/^__Secure-entropy-watch\.session_token=/);
  expect(cookie).toMatch(/;\s*Secure/i);
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Lax/i);
});
