import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { resolveIdentity } from './identity';
import { PEER_HEADER, PEER_KEY_ENV, peerHeaderValue } from './peer';
import { loadAuthProxyConfig } from './proxy-config';
import { checkSetupToken, consumeSetupToken, createSetupToken } from './setup-token';
import { signIn } from './sign-in';
import { createToken, revokeToken, verifyToken } from './tokens';
import { addUser, listUsers, removeUser, setPassword, UserError } from './users';

// Against a real migrated SQLite file and the real better-auth: passwords, sessions, tokens, throttle.

let t: TestDb;
beforeEach(async () => {
  t = await freshDb('ew-auth-');
});
afterEach(async () => t.cleanup());

// As scripts/serve.ts stamps each request with its TCP peer.
process.env[PEER_KEY_ENV] = 'int-test-peer-key';
const from = (address: string, extra: Record<string, string> = {}) =>
  new Headers({ [PEER_HEADER]: peerHeaderValue('int-test-peer-key', address), ...extra });
const cookieOf = (setCookies: string[]) => setCookies.map((c) => c.split(';')[0]).join('; ');

describe('users', () => {
  it('hashes with scrypt, refuses bad names and keeps the last admin', async () => {
    await addUser(t.db, 'Alice', 'admin', 'correct horse');
    const account = await t.db.account.findFirst();
    expect(account?.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/); // salt:scrypt key
    expect(account?.password).not.toContain('correct horse');
    expect((await listUsers(t.db)).map((u) => [u.username, u.role])).toEqual([['alice', 'admin']]);
    await expect(addUser(t.db, 'alice', 'viewer', 'whatever12')).rejects.toThrow(/already exists/);
    await expect(addUser(t.db, 'bad name!', 'viewer', 'whatever12')).rejects.toThrow(UserError);
    await expect(addUser(t.db, 'bob', 'viewer', 'short')).rejects.toThrow(/at least 8/);
    await expect(removeUser(t.db, 'alice')).rejects.toThrow(/last admin/);
  });
});

describe('sessions', () => {
  it('signs in with the right password only, and the cookie identifies the user', async () => {
    await addUser(t.db, 'alice', 'operator', 'correct horse');
    expect(await signIn(from('10.0.0.1'), 'alice', 'wrong password', t.db)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const ok = await signIn(from('10.0.0.1'), 'ALICE', 'correct horse', t.db);
    expect(ok.ok).toBe(true);
    const setCookies = ok.ok ? ok.setCookies : [];
    expect(setCookies.join()).toMatch(/entropy-watch\.session_token=.*HttpOnly.*SameSite=Lax/i);
    const r = await resolveIdentity(from('10.0.0.1', { cookie: cookieOf(setCookies) }), {
      db: t.db,
      authProxy: null,
    });
    expect(r).toMatchObject({
      kind: 'identity',
      identity: { username: 'alice', role: 'operator', via: 'session' },
    });
    const audit = await t.db.auditEvent.findMany({ orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.address])).toEqual([
      ['sign-in.failed', '10.0.0.1'],
      ['sign-in', '10.0.0.1'],
    ]);
  });

  it('ends a session after the absolute lifetime however active, and after idle expiry', async () => {
    await addUser(t.db, 'alice', 'viewer', 'correct horse');
    const signedIn = async () => {
      const r = await signIn(from('10.0.0.1'), 'alice', 'correct horse', t.db);
      return from('10.0.0.1', { cookie: cookieOf(r.ok ? r.setCookies : []) });
    };
    const first = await signedIn();
    await t.db.session.updateMany({ data: { createdAt: new Date(Date.now() - 8 * 24 * 3600e3) } });
    expect((await resolveIdentity(first, { db: t.db, authProxy: null })).kind).toBe('anonymous');
    expect(await t.db.session.count()).toBe(0);
    const second = await signedIn();
    await t.db.session.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await resolveIdentity(second, { db: t.db, authProxy: null })).kind).toBe('anonymous');
  });

  it('a new password ends every session', async () => {
    await addUser(t.db, 'alice', 'viewer', 'correct horse');
    const r = await signIn(from('10.0.0.1'), 'alice', 'correct horse', t.db);
    await setPassword(t.db, 'alice', 'battery staple');
    const h = from('10.0.0.1', { cookie: cookieOf(r.ok ? r.setCookies : []) });
    expect((await resolveIdentity(h, { db: t.db, authProxy: null })).kind).toBe('anonymous');
    expect((await signIn(from('10.0.0.1'), 'alice', 'battery staple', t.db)).ok).toBe(true);
  });
});

describe('throttling', () => {
  it('after 10 failures for an account even the right password is refused; other accounts are not', async () => {
    await addUser(t.db, 'alice', 'viewer', 'correct horse');
    await addUser(t.db, 'bob', 'viewer', 'correct horse');
    for (let i = 0; i < 10; i++) {
      // Each guess from its own address: the per-account limit is what trips.
      expect(await signIn(from(`10.0.1.${i}`), 'alice', `guess-${i}`, t.db)).toMatchObject({
        reason: 'invalid',
      });
    }
    expect(await signIn(from('10.0.2.1'), 'alice', 'correct horse', t.db)).toEqual({
      ok: false,
      reason: 'throttled',
    });
    expect((await signIn(from('10.0.2.1'), 'bob', 'correct horse', t.db)).ok).toBe(true);
  });

  it('after 10 failures from one address every account is refused from there, not from elsewhere', async () => {
    await addUser(t.db, 'alice', 'viewer', 'correct horse');
    for (let i = 0; i < 10; i++) await signIn(from('10.9.9.9'), `user-${i}`, 'guess', t.db);
    expect(await signIn(from('10.9.9.9'), 'alice', 'correct horse', t.db)).toEqual({
      ok: false,
      reason: 'throttled',
    });
    expect((await signIn(from('10.9.9.8'), 'alice', 'correct horse', t.db)).ok).toBe(true);
  });
});

describe('API tokens', () => {
  it('are stored hashed, capped by scope, and stop working when revoked or expired', async () => {
    const admin = await addUser(t.db, 'alice', 'admin', 'correct horse');
    const read = await createToken(t.db, { userId: admin.id, scope: 'read', name: 'ci', expiresAt: null });
    expect(JSON.stringify(await t.db.apiToken.findMany())).not.toContain(read.secret);
    const r = await resolveIdentity(from('10.0.0.1', { authorization: `Bearer ${read.secret}` }), {
      db: t.db,
      authProxy: null,
    });
    expect(r).toMatchObject({
      kind: 'identity',
      identity: { role: 'viewer', userRole: 'admin', via: 'token', tokenId: read.id },
    });
    expect((await t.db.apiToken.findUnique({ where: { id: read.id } }))?.lastUsedAt).not.toBeNull();
    await revokeToken(t.db, read.id);
    expect(await verifyToken(t.db, read.secret)).toBeNull();
    const past = await createToken(t.db, {
      userId: admin.id,
      scope: 'operate',
      name: 'old',
      expiresAt: new Date(Date.now() - 1),
    });
    expect(await verifyToken(t.db, past.secret)).toBeNull();
    const bad = await resolveIdentity(from('10.0.0.1', { authorization: 'Bearer ew_nope' }), {
      db: t.db,
      authProxy: null,
    });
    expect(bad).toMatchObject({ kind: 'refused', status: 401 });
  });
});

describe('setup token', () => {
  it('is good once', async () => {
    const token = await createSetupToken(t.db);
    expect(await checkSetupToken(t.db, token)).toBe(true);
    expect(await checkSetupToken(t.db, token + 'x')).toBe(false);
    expect(await checkSetupToken(t.db, null)).toBe(false);
    expect(await consumeSetupToken(t.db, token)).toBe(true);
    expect(await consumeSetupToken(t.db, token)).toBe(false);
  });
});

describe('auth proxy', () => {
  const proxy = loadAuthProxyConfig({
    ENTROPY_WATCH_AUTH_PROXY_HEADER: 'X-Forwarded-User',
    ENTROPY_WATCH_AUTH_PROXY_GROUPS_HEADER: 'X-Forwarded-Groups',
    ENTROPY_WATCH_AUTH_PROXY_GROUP_ROLES: 'sre-admins=admin,sre=operator',
    ENTROPY_WATCH_AUTH_PROXY_TRUSTED: '10.0.0.0/24,::1',
  });

  it('honours the header only from trusted addresses and maps groups to roles', async () => {
    const untrusted = await resolveIdentity(from('192.168.1.5', { 'x-forwarded-user': 'jane' }), {
      db: t.db,
      authProxy: proxy,
    });
    expect(untrusted).toMatchObject({ kind: 'refused', status: 403 });
    expect(await t.db.user.count()).toBe(0);
    expect(await t.db.auditEvent.findFirst({ where: { action: 'proxy.refused' } })).toMatchObject({
      address: '192.168.1.5',
    });
    const trusted = await resolveIdentity(
      from('::ffff:10.0.0.7', { 'x-forwarded-user': 'Jane', 'x-forwarded-groups': 'staff, sre' }),
      { db: t.db, authProxy: proxy },
    );
    expect(trusted).toMatchObject({
      kind: 'identity',
      identity: { username: 'jane', role: 'operator', via: 'proxy' },
    });
  });

  it('does not believe a peer header without the server key (a client forging it)', async () => {
    const forged = new Headers({ [PEER_HEADER]: '10.0.0.7', 'x-forwarded-user': 'jane' });
    expect(await resolveIdentity(forged, { db: t.db, authProxy: proxy })).toMatchObject({ kind: 'refused' });
    const wrongKey = new Headers({
      [PEER_HEADER]: peerHeaderValue('guessed', '10.0.0.7'),
      'x-forwarded-user': 'jane',
    });
    expect(await resolveIdentity(wrongKey, { db: t.db, authProxy: proxy })).toMatchObject({
      kind: 'refused',
    });
    expect(await t.db.user.count()).toBe(0);
  });

  it('refuses a bad configuration with the variable named', () => {
    expect(() => loadAuthProxyConfig({ ENTROPY_WATCH_AUTH_PROXY_HEADER: 'X-User' })).toThrow(
      /ENTROPY_WATCH_AUTH_PROXY_TRUSTED must list/,
    );
    expect(() =>
      loadAuthProxyConfig({
        ENTROPY_WATCH_AUTH_PROXY_HEADER: 'X-User',
        ENTROPY_WATCH_AUTH_PROXY_TRUSTED: '10.0.0.0/33',
      }),
    ).toThrow(/"10.0.0.0\/33" is not an IP address or CIDR/);
  });
});
