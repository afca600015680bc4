import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client';
import { deleteAuthSetting, readAuthSetting, writeAuthSetting } from './settings';

// First start: with no user in the database, `npm start` makes a one-time token and prints the setup URL
// carrying it (as Jenkins prints its initial admin password). Only its hash is stored; it is good until
// the first admin exists, the next `npm start`, or SETUP_TOKEN_TTL_MS, whichever comes first.

const KEY = 'setupToken';
export const SETUP_TOKEN_TTL_MS = 24 * 3600 * 1000;

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** Makes a new setup token (replacing any earlier one) and returns it. */
export async function createSetupToken(db: Db, now = new Date()): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  const value = JSON.stringify({
    hash: sha256(token).toString('hex'),
    expiresAt: now.getTime() + SETUP_TOKEN_TTL_MS,
  });
  await writeAuthSetting(db, KEY, value);
  return token;
}

/** True when `token` is the current, unexpired setup token. */
export async function checkSetupToken(
  db: Db,
  token: string | null | undefined,
  now = new Date(),
): Promise<boolean> {
  if (!token || token.length > 100) return false;
  const stored = await readAuthSetting(db, KEY);
  if (!stored) return false;
  let parsed: { hash?: unknown; expiresAt?: unknown };
  try {
    parsed = JSON.parse(stored) as typeof parsed;
  } catch {
    return false;
  }
  if (
    typeof parsed.hash !== 'string' ||
    typeof parsed.expiresAt !== 'number' ||
    parsed.expiresAt <= now.getTime()
  ) {
    return false;
  }
  const want = Buffer.from(parsed.hash, 'hex');
  const got = sha256(token);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** Spends the setup token: true for exactly one caller holding the current token. */
export async function consumeSetupToken(db: Db, token: string, now = new Date()): Promise<boolean> {
  if (!(await checkSetupToken(db, token, now))) return false;
  const stored = await readAuthSetting(db, KEY);
  const gone = await db.authSetting.deleteMany({ where: { key: KEY, value: stored ?? '' } });
  return gone.count === 1;
}

/** Forgets any setup token (once an admin exists). */
export async function clearSetupToken(db: Db): Promise<void> {
  await deleteAuthSetting(db, KEY);
}
