import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { nextCookies } from 'better-auth/next-js';
import { username } from 'better-auth/plugins';
import { getDb, type Db } from '../db/client';
import { providerOf } from '../db/providers/dialect';
import { loadEnv } from '../config/env';
import { ensureAuthSecret } from './settings';
import { USERNAME_MAX, USERNAME_MIN, USERNAME_PATTERN } from './username';

// better-auth (https://better-auth.com) owns passwords and sessions: scrypt hashes (N=16384, r=16:
// 32 MiB per hash, memory-hard), signed HttpOnly session cookies, sessions stored in the database.
// Its HTTP handler is NOT mounted: sign-up and every other endpoint it offers stay unreachable; the
// routes in app/api/auth call auth.api.* after our own checks (throttle, setup token, audit).

/** Idle expiry: a session unused this long is over. */
export const SESSION_IDLE_S = 12 * 3600;
/** Absolute expiry: however active, a session ends this long after sign-in (checked in identity.ts). */
export const SESSION_MAX_MS = 7 * 24 * 3600 * 1000;
/** Sessions are extended at most this often (each extension writes the database and the cookie). */
const SESSION_UPDATE_AGE_S = 15 * 60;

export const COOKIE_PREFIX = 'entropy-watch';
export const MIN_PASSWORD_LENGTH = 8;

function buildAuth(db: Db, secret: string, publicUrl: string) {
  return betterAuth({
    appName: 'Entropy Watch',
    baseURL: publicUrl,
    secret,
    database: prismaAdapter(db, { provider: providerOf(db) }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: 256,
    },
    user: {
      additionalFields: { role: { type: 'string', required: false, defaultValue: 'viewer', input: false } },
    },
    session: {
      expiresIn: SESSION_IDLE_S,
      updateAge: SESSION_UPDATE_AGE_S,
      cookieCache: { enabled: false },
    },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: publicUrl.startsWith('https:'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    // Our own throttle (throttle.ts) guards sign-in, per account and per address, across restarts.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    // Failed sign-ins are in the audit log; better-auth's own per-attempt warnings would only repeat them.
    logger: { level: 'error' },
    plugins: [
      username({
        minUsernameLength: USERNAME_MIN,
        maxUsernameLength: USERNAME_MAX,
        usernameValidator: (name) => USERNAME_PATTERN.test(name),
      }),
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof buildAuth>;

const globalForAuth = globalThis as unknown as { entropyWatchAuth?: Map<Db, Promise<Auth>> };

/** The better-auth instance for a database (one per process and database). */
export function getAuth(db: Db = getDb()): Promise<Auth> {
  const all = (globalForAuth.entropyWatchAuth ??= new Map());
  let auth = all.get(db);
  if (!auth) {
    auth = ensureAuthSecret(db).then((secret) => buildAuth(db, secret, loadEnv().publicUrl));
    auth.catch(() => all.delete(db));
    all.set(db, auth);
  }
  return auth;
}
