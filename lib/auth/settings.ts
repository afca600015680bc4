import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client';

// Values the access layer keeps in the database (AuthSetting), so every process (the server, the
// CLIs, `npm start`) shares them and a restart keeps signed-in users signed in.

/** Reads one setting; null when absent. */
export async function readAuthSetting(db: Db, key: string): Promise<string | null> {
  return (await db.authSetting.findUnique({ where: { key } }))?.value ?? null;
}

/** Writes (or replaces) one setting. */
export async function writeAuthSetting(db: Db, key: string, value: string): Promise<void> {
  await db.authSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
}

/** Removes one setting (no error when absent). */
export async function deleteAuthSetting(db: Db, key: string): Promise<void> {
  await db.authSetting.deleteMany({ where: { key } });
}

/**
 * The secret that signs session cookies: ENTROPY_WATCH_AUTH_SECRET when set, else 32 random bytes made
 * on first use and kept in the database. Two processes racing here agree on one value (first insert wins).
 */
export async function ensureAuthSecret(
  db: Db,
  fromEnv = process.env.ENTROPY_WATCH_AUTH_SECRET,
): Promise<string> {
  if (fromEnv) {
    if (fromEnv.length < 32) {
      throw new Error(
        'ENTROPY_WATCH_AUTH_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`)',
      );
    }
    return fromEnv;
  }
  const existing = await readAuthSetting(db, 'authSecret');
  if (existing) return existing;
  const fresh = randomBytes(32).toString('base64url');
  try {
    await db.authSetting.create({ data: { key: 'authSecret', value: fresh } });
  } catch (e) {
    // Another process won the race (unique key): use its secret.
    const winner = await readAuthSetting(db, 'authSecret');
    if (!winner) throw e;
    return winner;
  }
  return fresh;
}
