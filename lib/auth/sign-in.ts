import { APIError } from 'better-auth/api';
import { getDb, type Db } from '../db/client';
import { recordAudit } from './audit';
import { getAuth } from './auth';
import { clientAddress } from './peer';
import { loadAuthProxyConfig } from './proxy-config';
import { isThrottled, recentFailures } from './throttle';
import { normalizeUsername } from './username';

export type SignInResult =
  { ok: true; setCookies: string[]; username: string } | { ok: false; reason: 'invalid' | 'throttled' };

/**
 * Password sign-in: the throttle first (10 failures per account or address in 15 minutes lock both out,
 * right password or not), then better-auth verifies the scrypt hash and creates the session. Every
 * outcome goes to the audit log with the client's address.
 */
export async function signIn(
  requestHeaders: Headers,
  rawUsername: string,
  password: string,
  db: Db = getDb(),
): Promise<SignInResult> {
  const address = clientAddress(requestHeaders, loadAuthProxyConfig()?.isTrusted);
  const n = normalizeUsername(rawUsername);
  const username = n.ok ? n.username : rawUsername.trim().toLowerCase().slice(0, 64);
  if (isThrottled(await recentFailures(db, username, address))) {
    await recordAudit(db, {
      action: 'sign-in.throttled',
      ok: false,
      address,
      subject: username,
      via: 'session',
    });
    return { ok: false, reason: 'throttled' };
  }
  const fail = async (detail: string): Promise<SignInResult> => {
    await recordAudit(db, {
      action: 'sign-in.failed',
      ok: false,
      address,
      subject: username,
      via: 'session',
      detail,
    });
    return { ok: false, reason: 'invalid' };
  };
  if (!n.ok || password.length === 0) return fail('malformed user name or empty password');
  const auth = await getAuth(db);
  try {
    const { headers } = await auth.api.signInUsername({
      body: { username, password, rememberMe: true },
      headers: requestHeaders,
      returnHeaders: true,
    });
    await recordAudit(db, { action: 'sign-in', actor: username, address, subject: username, via: 'session' });
    return { ok: true, setCookies: headers.getSetCookie(), username };
  } catch (e) {
    if (e instanceof APIError) return fail(e.message);
    throw e;
  }
}
