import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client';
import { parseDuration } from '../http/params';
import { isTokenScope, parseStoredRole, type Role, type TokenScope } from './roles';

// API tokens. The secret (256 random bits) is shown once; only its SHA-256 is stored, so a copy of the
// database signs nobody in. A slow KDF buys nothing for a random 256-bit secret and would make every
// API request pay for one, so SHA-256 and an indexed lookup by hash it is (as GitHub and Grafana do).

const TOKEN_PREFIX = 'ew_';
/** Last-used time is written at most this often per token (not on every request). */
const LAST_USED_RESOLUTION_MS = 60_000;

export class TokenError extends Error {
  override name = 'TokenError';
}

export interface TokenSummary {
  id: string;
  name: string;
  scope: TokenScope;
  username: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface TokenOwner {
  tokenId: string;
  userId: string;
  username: string;
  userRole: Role;
  scope: TokenScope;
}

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Reads `--expires`: a duration like 90d, 12h or 30m, or "never". */
export function parseExpiry(text: string, now: Date): Date | null {
  if (text.trim() === 'never') return null;
  const ms = parseDuration(text);
  if (ms === null)
    throw new TokenError(`--expires must be a duration like 90d, 12h or 30m, or "never"; got "${text}"`);
  return new Date(now.getTime() + ms);
}

/** Creates a token for a user; returns the secret (shown once) and its public id. */
export async function createToken(
  db: Db,
  opts: { userId: string; scope: TokenScope; name: string; expiresAt: Date | null; now?: Date },
): Promise<{ id: string; secret: string }> {
  if (!isTokenScope(opts.scope))
    throw new TokenError(`--scope must be read or operate, got "${String(opts.scope)}"`);
  const name = opts.name.trim();
  if (name.length === 0 || name.length > 100) throw new TokenError('the token name must be 1–100 characters');
  const id = randomBytes(6).toString('hex');
  const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  await db.apiToken.create({
    data: {
      id,
      userId: opts.userId,
      name,
      scope: opts.scope,
      hash: hashToken(secret),
      createdAt: opts.now ?? new Date(),
      expiresAt: opts.expiresAt,
    },
  });
  return { id, secret };
}

/** Tokens, newest first: every user's, or one user's. */
export async function listTokens(db: Db, userId?: string): Promise<TokenSummary[]> {
  const rows = await db.apiToken.findMany({
    where: userId ? { userId } : {},
    orderBy: { createdAt: 'desc' },
    include: { user: { select: { username: true, name: true } } },
  });
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    scope: isTokenScope(t.scope) ? t.scope : 'read',
    username: t.user.username ?? t.user.name,
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
  }));
}

/** Revokes a token; `ownerId` limits it to that user's tokens (a non-admin revoking their own). */
export async function revokeToken(
  db: Db,
  id: string,
  ownerId?: string,
  now = new Date(),
): Promise<TokenSummary> {
  const token = await db.apiToken.findUnique({ where: { id: id.trim() } });
  if (!token || (ownerId && token.userId !== ownerId)) {
    throw new TokenError(`no token with id ${id} (see \`npm run tokens -- list\`)`);
  }
  if (!token.revokedAt) await db.apiToken.update({ where: { id: token.id }, data: { revokedAt: now } });
  return (await listTokens(db, token.userId)).find((t) => t.id === token.id)!;
}

/** The owner of a bearer secret when it is known, unrevoked and unexpired; records its last use. */
export async function verifyToken(db: Db, secret: string, now = new Date()): Promise<TokenOwner | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const token = await db.apiToken.findUnique({
    where: { hash: hashToken(secret) },
    include: { user: { select: { id: true, username: true, name: true, role: true } } },
  });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
  if (!isTokenScope(token.scope)) return null;
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  return {
    tokenId: token.id,
    userId: token.user.id,
    username: token.user.username ?? token.user.name,
    userRole: parseStoredRole(token.user.role),
    scope: token.scope,
  };
}
