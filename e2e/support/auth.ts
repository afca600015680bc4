import fs from 'node:fs';
import path from 'node:path';
import { request } from '@playwright/test';
import { createToken, revokeToken } from '../../lib/auth/tokens';
import { addUser } from '../../lib/auth/users';
import type { Role } from '../../lib/auth/roles';
import { closeDb, getDb } from '../../lib/db/client';

// Accounts, signed-in browser states and API tokens for the e2e suite, made by global setup through the
// real code (users in the database, sign-in over HTTP against the running server).

import { E2E_AUTH_DIR as DIR, stateFile } from './auth-paths';

export { stateFile };

export const E2E_USERS: Record<Role, { username: string; password: string }> = {
  admin: { username: 'e2e-admin', password: 'admin-password-e2e' },
  operator: { username: 'e2e-operator', password: 'operator-password-e2e' },
  viewer: { username: 'e2e-viewer', password: 'viewer-password-e2e' },
};

/** A viewer whose only purpose is to be locked out by the throttling spec. */
export const E2E_THROTTLED_USER = { username: 'e2e-throttled', password: 'throttled-password-e2e' };

export interface E2eTokens {
  read: string;
  operate: string;
  revoked: string;
  expired: string;
}

const TOKENS_FILE = path.join(DIR, 'tokens.json');

/** The API tokens global setup made. */
export function readE2eTokens(): E2eTokens {
  return JSON.parse(fs.readFileSync(TOKENS_FILE, 'utf8')) as E2eTokens;
}

/** Creates the users and tokens, then signs each role in over HTTP and saves its storage state. */
export async function prepareE2eAuth(databaseUrl: string, baseURL: string): Promise<void> {
  fs.mkdirSync(DIR, { recursive: true });
  const db = getDb(databaseUrl);
  const ids: Partial<Record<Role, string>> = {};
  for (const role of ['admin', 'operator', 'viewer'] as const) {
    ids[role] = (await addUser(db, E2E_USERS[role].username, role, E2E_USERS[role].password)).id;
  }
  await addUser(db, E2E_THROTTLED_USER.username, 'viewer', E2E_THROTTLED_USER.password);
  const now = new Date();
  const make = (userId: string, scope: 'read' | 'operate', name: string, expiresAt: Date | null = null) =>
    createToken(db, { userId, scope, name, expiresAt });
  const read = await make(ids.admin!, 'read', 'e2e read');
  const operate = await make(ids.operator!, 'operate', 'e2e operate');
  const revoked = await make(ids.admin!, 'read', 'e2e revoked');
  await revokeToken(db, revoked.id);
  const expired = await make(ids.admin!, 'read', 'e2e expired', new Date(now.getTime() - 60_000));
  const tokens: E2eTokens = {
    read: read.secret,
    operate: operate.secret,
    revoked: revoked.secret,
    expired: expired.secret,
  };
  fs.writeFileSync(TOKENS_FILE, JSON.stringify(tokens), { mode: 0o600 });
  await closeDb();

  for (const role of ['admin', 'operator', 'viewer'] as const) {
    const ctx = await request.newContext({ baseURL });
    const res = await ctx.post('/api/auth/sign-in', {
      form: { username: E2E_USERS[role].username, password: E2E_USERS[role].password, next: '/' },
      headers: { Origin: baseURL },
      maxRedirects: 0,
    });
    if (res.status() !== 303 || res.headers()['location'] !== '/') {
      throw new Error(`e2e sign-in of ${role} failed: ${res.status()} ${res.headers()['location'] ?? ''}`);
    }
    await ctx.storageState({ path: stateFile(role) });
    await ctx.dispose();
  }
}
