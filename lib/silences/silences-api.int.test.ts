// The silences API through its route handlers on a real SQLite file: operator role required (an
// operate-scope token), the creator taken from the identity, clear 400s, edit, expire, audit entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { createToken } from '../auth/tokens';
import { addUser } from '../auth/users';

let t: TestDb;
let operate: string;
let read: string;
let findingId: number;

beforeAll(async () => {
  t = await freshDb('ew-silences-api-');
  process.env.DATABASE_URL = t.url;
  const ana = await addUser(t.db, 'ana', 'operator', null);
  const vic = await addUser(t.db, 'vic', 'viewer', null);
  operate = (await createToken(t.db, { userId: ana.id, scope: 'operate', name: 'ops', expiresAt: null }))
    .secret;
  read = (await createToken(t.db, { userId: vic.id, scope: 'read', name: 'ro', expiresAt: null })).secret;
  const host = await t.db.target.create({ data: { name: 'kvm-a', kind: 'host' } });
  const guest = await t.db.target.create({
    data: { name: 'ci-1', kind: 'guest', hostId: host.id, domain: 'ci-1' },
  });
  const now = new Date();
  findingId = (
    await t.db.finding.create({
      data: {
        targetId: guest.id,
        rule: 'disk-cache-unsafe',
        subject: 'vda',
        severity: 'critical',
        state: 'open',
        summary: 'unsafe',
        remediation: '{}',
        openedAt: now,
        updatedAt: now,
      },
    })
  ).id;
});

afterAll(async () => {
  await t?.cleanup();
});

const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

function req(method: string, path: string, token: string, body?: unknown) {
  return new Request(`http://localhost${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const routes = () => import('../http/endpoints/silences');
const one = () => import('../http/endpoints/silence');
const params = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });

describe('POST /api/v1/silences', () => {
  it('creates a silence as the token owner, applies it to the matching finding, audits it', async () => {
    const { POST } = await routes();
    const res = await POST(
      req('POST', '/api/v1/silences', operate, {
        matchers: { host: 'kvm-a', rule: 'disk-cache-unsafe' },
        comment: 'maintenance of kvm-a (CHG-12)',
        expiresAt: later(1),
      }),
    );
    expect(res.status).toBe(201);
    const s = (await res.json()) as {
      id: number;
      createdBy: string;
      status: { state: string };
      matchers: unknown;
    };
    expect(s).toMatchObject({
      createdBy: 'ana',
      status: { state: 'active' },
      matchers: { host: 'kvm-a', rule: 'disk-cache-unsafe' },
    });
    expect((await t.db.finding.findUniqueOrThrow({ where: { id: findingId } })).silenceId).toBe(s.id);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { subject: `silence:${s.id}` } });
    expect(audit).toMatchObject({ action: 'silence.create', actor: 'ana', via: 'token' });
  });

  it('refuses a read-scope token (viewer) with 403 and no token with 401', async () => {
    const { POST } = await routes();
    const body = { matchers: { target: 'ci-1' }, comment: 'x', expiresAt: later(1) };
    expect((await POST(req('POST', '/api/v1/silences', read, body))).status).toBe(403);
    const anonymous = new Request('http://localhost/api/v1/silences', {
      method: 'POST',
      body: JSON.stringify(body),
    });
    expect((await POST(anonymous)).status).toBe(401);
  });

  it('says what to fix: a missing comment, no matcher, beyond 90 days, a createdBy of its own', async () => {
    const { POST } = await routes();
    const bad = async (body: unknown) => {
      const res = await POST(req('POST', '/api/v1/silences', operate, body));
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: string }).error;
    };
    expect(await bad({ matchers: { target: 'ci-1' }, expiresAt: later(1) })).toMatch(/comment is required/);
    expect(await bad({ matchers: {}, comment: 'c', expiresAt: later(1) })).toMatch(
      /set at least one of rule, target, host, subject/,
    );
    expect(await bad({ matchers: { target: 'ci-1' }, comment: 'c', expiresAt: later(91) })).toMatch(
      /at most 90 days ahead/,
    );
    expect(
      await bad({
        matchers: { target: 'ci-1' },
        comment: 'c',
        expiresAt: later(1),
        createdBy: 'someone-else',
      }),
    ).toMatch(/createdBy/);
    const notJson = await POST(
      new Request('http://localhost/api/v1/silences', {
        method: 'POST',
        headers: { authorization: `Bearer ${operate}` },
        body: 'rule=x',
      }),
    );
    expect(notJson.status).toBe(400);
  });
});

describe('GET, PATCH and DELETE /api/v1/silences/{id}', () => {
  it('lists, edits and expires a silence; an expired one cannot be changed', async () => {
    const { GET } = await routes();
    const list = (await (await GET(req('GET', '/api/v1/silences?state=active', read))).json()) as {
      id: number;
      covering: number;
    }[];
    expect(list).toHaveLength(1);
    expect(list[0]!.covering).toBe(1);
    const id = list[0]!.id;
    const { PATCH, DELETE } = await one();

    const patched = await PATCH(
      req('PATCH', `/api/v1/silences/${id}`, operate, { comment: 'longer: CHG-13' }),
      params(id),
    );
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ comment: 'longer: CHG-13', updatedBy: 'ana' });
    expect(
      (await PATCH(req('PATCH', `/api/v1/silences/${id}`, read, { comment: 'x' }), params(id))).status,
    ).toBe(403);

    const expired = await DELETE(req('DELETE', `/api/v1/silences/${id}`, operate), params(id));
    expect(expired.status).toBe(200);
    expect(await expired.json()).toMatchObject({ status: { state: 'expired' } });
    expect((await t.db.finding.findUniqueOrThrow({ where: { id: findingId } })).silenceId).toBeNull();
    const again = await DELETE(req('DELETE', `/api/v1/silences/${id}`, operate), params(id));
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toMatch(/already expired/);
    expect((await DELETE(req('DELETE', '/api/v1/silences/999', operate), params(999))).status).toBe(404);

    const actions = await t.db.auditEvent.findMany({
      where: { subject: `silence:${id}` },
      orderBy: { id: 'asc' },
    });
    expect(actions.map((a) => a.action)).toEqual(['silence.create', 'silence.update', 'silence.expire']);
  });
});
