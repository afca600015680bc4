// The revert route's own checks, through the handler with real tokens on a migrated database: roles,
// body errors a caller can act on, unknown and already reverted changes, and a host with apply off.
// Reverting for real: lib/apply/revert.int.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDomainChange, markReverted } from '../../apply/domain-changes';
import { bearerPost, readAndOperateTokens } from '../../../test/support/api-requests';
import { freshDb, type TestDb } from '../../../test/support/test-db';
import { POST } from './domain-change-revert';

let t: TestDb;
let read = '';
let operate = '';

const post = (token: string, id: string, body: unknown) =>
  POST(bearerPost(`http://ew.test/api/v1/domain-changes/${id}/revert`, token, body), {
    params: Promise.resolve({ id }),
  });

const change = () =>
  recordDomainChange(t.db, {
    actor: 'ana',
    findingId: null,
    rule: 'rng-device-missing',
    host: 'no-such-host',
    domain: 'web-01',
    beforeXml: '<domain/>\n',
    afterXml: '<domain><rng/></domain>\n',
  });

beforeAll(async () => {
  t = await freshDb('ew-revert-route-');
  process.env.DATABASE_URL = t.url;
  ({ read, operate } = await readAndOperateTokens(t.db));
}, 60_000);

afterAll(async () => {
  await t?.cleanup();
});

describe('POST /api/v1/domain-changes/{id}/revert', () => {
  it('refuses a read token, and changes nothing', async () => {
    const id = String(await change());
    expect((await post(read, id, { dryRun: true })).status).toBe(403);
    expect((await post(read, id, { dryRun: false, planId: '0'.repeat(32) })).status).toBe(403);
    expect(await t.db.domainChange.findUnique({ where: { id: Number(id) } })).toMatchObject({
      revertedAt: null,
    });
  });

  it('says what is wrong with a body', async () => {
    const cases: [unknown, RegExp][] = [
      ['not json', /the body must be JSON/],
      [{}, /dryRun must be true/],
      [{ dryRun: false }, /needs the planId of a preview/],
      [{ dryRun: false, planId: 'nope' }, /32 hex digits/],
    ];
    for (const [body, message] of cases) {
      const res = await post(operate, '1', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
  });

  it('answers 404 for an unknown change, 409 for a reverted one, 403 where apply is off', async () => {
    expect((await post(operate, '424242', { dryRun: true })).status).toBe(404);
    const reverted = await change();
    await markReverted(t.db, reverted, 'ana');
    const r409 = await post(operate, String(reverted), { dryRun: true });
    expect(r409.status).toBe(409);
    expect(((await r409.json()) as { error: string }).error).toMatch(/was reverted already/);
    const off = await post(operate, String(await change()), { dryRun: true });
    expect(off.status).toBe(403);
    expect(((await off.json()) as { error: string }).error).toMatch(/applying fixes is off for no-such-host/);
    const audit = await t.db.auditEvent.findMany({ where: { action: 'remediation.revert' } });
    expect(audit).toEqual([]); // previews are not audited; nothing was attempted
  });
});
