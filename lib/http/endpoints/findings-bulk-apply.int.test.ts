// The bulk apply routes' own checks, through the handlers with real tokens on a migrated database:
// roles, and the body errors a caller can act on. Applying for real: lib/apply/bulk/bulk-apply.int.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerPost, readAndOperateTokens } from '../../../test/support/api-requests';
import { freshDb, type TestDb } from '../../../test/support/test-db';
import { GET } from './apply-run';
import { POST } from './findings-bulk-apply';

let t: TestDb;
let read = '';
let operate = '';

const post = (token: string, body: unknown) =>
  POST(bearerPost('http://ew.test/api/v1/findings/apply', token, body));
const get = (token: string, id: string) =>
  GET(
    new Request(`http://ew.test/api/v1/apply-runs/${id}`, { headers: { authorization: `Bearer ${token}` } }),
    {
      params: Promise.resolve({ id }),
    },
  );

beforeAll(async () => {
  t = await freshDb('ew-bulk-route-');
  process.env.DATABASE_URL = t.url;
  ({ read, operate } = await readAndOperateTokens(t.db));
}, 60_000);

afterAll(async () => {
  await t?.cleanup();
});

describe('POST /api/v1/findings/apply and GET /api/v1/apply-runs/{id}', () => {
  it('refuses a read token on both', async () => {
    expect((await post(read, { findingIds: [1], dryRun: true })).status).toBe(403);
    expect((await get(read, '1')).status).toBe(403);
  });

  it('says what is wrong with a body', async () => {
    const cases: [unknown, RegExp][] = [
      ['not json', /the body must be JSON/],
      [{ findingIds: [], dryRun: true }, /at least one finding/],
      [{ findingIds: Array.from({ length: 501 }, (_, i) => i + 1), dryRun: true }, /at most 500 findings/],
      [{ findingIds: [3, 3], dryRun: true }, /lists a finding twice/],
      [{ findingIds: [1], dryRun: true, concurrency: 17 }, /concurrency is at most 16/],
      [{ findingIds: [1], dryRun: false }, /needs the planIds of a preview/],
      [{ findingIds: [1], dryRun: false, planIds: { '1': 'nope' } }, /32 hex digits/],
    ];
    for (const [body, message] of cases) {
      const res = await post(operate, body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
    expect(await t.db.applyRun.count()).toBe(0);
  });

  it('answers 404 for a run that does not exist', async () => {
    const res = await get(operate, '424242');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe('apply run 424242 does not exist');
  });
});
