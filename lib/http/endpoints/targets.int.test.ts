// GET /api/v1/targets pages a large fleet: bounded by default, worst first across pages, filters and
// the old array body kept, paging in X-Total-Count and Link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../auth/users';
import { createToken } from '../../auth/tokens';
import { freshDb, type TestDb } from '../../../test/support/test-db';
import { API_DEFAULT_LIMIT } from '../../queries/fleet-paging';
import { GET } from './targets';

const GUESTS = API_DEFAULT_LIMIT + 20 - 1; // + one host: 20 over the default page
let t: TestDb;
let token: string;
const now = new Date();

beforeAll(async () => {
  t = await freshDb('ew-targets-paging-');
  process.env.DATABASE_URL = t.url;
  const host = await t.db.target.create({
    data: { name: 'kvm-00', kind: 'host', address: '10.0.0.1', lastPollAt: now, lastStatus: 'ok' },
  });
  await t.db.target.createMany({
    data: Array.from({ length: GUESTS }, (_, i) => ({
      name: `vm-${String(i).padStart(4, '0')}`,
      kind: 'guest',
      hostId: host.id,
      address: `10.0.${Math.floor(i / 250)}.${(i % 250) + 2}`,
      lastPollAt: now,
      lastStatus: 'ok',
      lastEntropyAvail: 256,
    })),
  });
  // Two criticals and a warning far down the alphabet: worst first must bring them to page 1.
  const ids = new Map((await t.db.target.findMany()).map((r) => [r.name, r.id]));
  const finding = (name: string, severity: string) => ({
    targetId: ids.get(name)!,
    rule: `rule-${severity}`,
    severity,
    state: 'open',
    summary: `${name} is ${severity}`,
    remediation: '{}',
    openedAt: now,
    updatedAt: now,
  });
  await t.db.finding.createMany({
    data: [finding('vm-0510', 'critical'), finding('vm-0300', 'critical'), finding('vm-0400', 'warning')],
  });
  const viewer = await addUser(t.db, 'vic', 'viewer', null);
  token = (await createToken(t.db, { userId: viewer.id, scope: 'read', name: 'ro', expiresAt: null })).secret;
}, 60_000);

afterAll(async () => {
  await t.cleanup();
});

const get = async (query: string) => {
  const res = await GET(
    new Request(`http://localhost/api/v1/targets${query}`, { headers: { authorization: `Bearer ${token}` } }),
  );
  return { res, body: (await res.json()) as { name: string; status: string }[] | { error: string } };
};
const names = (body: unknown) => (body as { name: string }[]).map((r) => r.name);

describe('GET /api/v1/targets paging', () => {
  it('answers at most the default limit, with the total and a next link', async () => {
    const { res, body } = await get('');
    expect(res.status).toBe(200);
    expect(Array.isArray(body)).toBe(true);
    expect(names(body)).toHaveLength(API_DEFAULT_LIMIT);
    expect(res.headers.get('x-total-count')).toBe(String(GUESTS + 1));
    expect(res.headers.get('link')).toBe(
      `</api/v1/targets?offset=${API_DEFAULT_LIMIT}&limit=${API_DEFAULT_LIMIT}>; rel="next"`,
    );
  });

  it('orders worst first across the whole fleet, then pages on without repeats', async () => {
    const first = await get('?limit=200');
    expect(names(first.body).slice(0, 3)).toEqual(['vm-0300', 'vm-0510', 'vm-0400']);
    const pages = [first.body];
    let link = first.res.headers.get('link');
    while (link?.includes('rel="next"')) {
      const next = /<([^>]+)>; rel="next"/.exec(link)![1]!;
      const page = await get(next.slice('/api/v1/targets'.length));
      expect(page.res.status).toBe(200);
      pages.push(page.body);
      link = page.res.headers.get('link');
    }
    expect(pages).toHaveLength(3);
    const all = pages.flatMap(names);
    expect(all).toHaveLength(GUESTS + 1);
    expect(new Set(all).size).toBe(GUESTS + 1);
    expect(link).toBe('</api/v1/targets?limit=200&offset=200>; rel="prev"');
  });

  it('pages within a filter and counts what matches', async () => {
    const { res, body } = await get('?status=critical&limit=1');
    expect(names(body)).toEqual(['vm-0300']);
    expect(res.headers.get('x-total-count')).toBe('2');
    const second = await get('?status=critical&limit=1&offset=1');
    expect(names(second.body)).toEqual(['vm-0510']);
    expect(second.res.headers.get('link')).toBe(
      '</api/v1/targets?status=critical&limit=1&offset=0>; rel="prev"',
    );
    const byName = await get('?sort=name&limit=2&q=vm-05');
    expect(names(byName.body)).toEqual(['vm-0500', 'vm-0501']);
  });

  it('says what to fix for a bad limit, offset or sort', async () => {
    for (const [query, says] of [
      ['?limit=0', 'limit: must be a whole number from 1 to 1000, got "0"'],
      ['?limit=5000', 'limit: must be a whole number from 1 to 1000, got "5000"'],
      ['?offset=-1', 'offset: must be a whole number from 0 to up, got "-1"'],
      ['?sort=worst', 'sort: must be one of status, name, entropy, last-poll, got "worst"'],
    ] as const) {
      const { res, body } = await get(query);
      expect(res.status).toBe(400);
      expect((body as { error: string }).error).toBe(says);
    }
  });
});
