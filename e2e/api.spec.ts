import { expect, test } from '@playwright/test';
import { E2E_NOW } from './support/clock';
import { CRITICAL_RULE, E2E_TARGETS as T } from './support/targets';

test.describe('API v1', () => {
  test('GET /api/v1/targets lists every host and guest with status, freshness and observation', async ({
    request,
  }) => {
    const res = await request.get('/api/v1/targets');
    expect(res.status()).toBe(200);
    const body = (await res.json()) as {
      name: string;
      status: string;
      freshness: string;
      host: string | null;
      observation: unknown;
    }[];
    const by = Object.fromEntries(body.map((t) => [t.name, t]));
    expect(Object.keys(by)).toHaveLength(8);
    expect(by[T.criticalGuest]).toMatchObject({
      status: 'critical',
      freshness: 'fresh',
      host: T.host,
      lastPoll: { status: 'ok', ageSeconds: 0 },
    });
    expect(by[T.unreachableGuest]).toMatchObject({
      status: 'warning',
      freshness: 'unreachable',
      lastPoll: { status: 'timeout' },
    });
    // Stale data keeps its severity.
    expect(by[T.staleGuest]).toMatchObject({
      status: 'critical',
      freshness: 'stale',
      lastPoll: { ageSeconds: 7200 },
    });
    expect(by[T.host]?.observation).toMatchObject({ host: { holders: expect.any(Array) } });
    const names = async (query: string) =>
      ((await (await request.get(`/api/v1/targets?${query}`)).json()) as { name: string }[])
        .map((t) => t.name)
        .sort();
    expect(await names('status=unhealthy')).toEqual(
      [T.criticalGuest, T.staleGuest, T.legacyGuest, T.unreachableGuest].sort(),
    );
    expect(await names('freshness=stale')).toEqual([T.staleGuest]);
    expect(await names('status=critical&freshness=fresh')).toEqual([T.criticalGuest]);
    // "stale" used to be a status: the answer says where it went.
    const old = await request.get('/api/v1/targets?status=stale');
    expect(old.status()).toBe(400);
    expect((await old.json()).error).toContain('use freshness=stale');
  });

  test('GET /api/v1/targets/{name} and its samples', async ({ request }) => {
    const t = await (await request.get(`/api/v1/targets/${T.criticalGuest}`)).json();
    expect(t).toMatchObject({
      name: T.criticalGuest,
      kind: 'guest',
      domainConfig: { disks: expect.any(Array) },
    });
    // The server's clock is frozen at the end of the lab's history (e2e/support/clock.ts).
    const to = E2E_NOW.getTime();
    const res = await request.get(
      `/api/v1/targets/${T.criticalGuest}/samples?from=${new Date(to - 6 * 3600e3).toISOString()}&to=${to}&step=30m`,
    );
    expect(res.status()).toBe(200);
    const s = await res.json();
    expect(s).toMatchObject({ target: T.criticalGuest, step: '30m', source: 'raw' });
    expect(s.points.length).toBeGreaterThanOrEqual(12);
    expect(s.points.length).toBeLessThanOrEqual(13);
    expect(s.points[1]).toMatchObject({
      at: expect.any(String),
      min: 256,
      max: 256,
      avg: 256,
      // The lab was polled every 15 minutes over the last day: two samples per 30-minute bucket.
      ok: 2,
      failures: 0,
    });
    const month = await (
      await request.get(`/api/v1/targets/${T.criticalGuest}/samples?from=${to - 30 * 86400e3}`)
    ).json();
    expect(month.source).toBe('rollup');
    expect(month.points.length).toBeLessThanOrEqual(1000);
  });

  test('bad parameters get 400 with a message saying what to fix; unknown names get 404', async ({
    request,
  }) => {
    const bad = await request.get(`/api/v1/targets/${T.criticalGuest}/samples?from=yesterday`);
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error).toMatch(/^from: must be an ISO 8601 time/);
    const tooFine = await request.get(
      `/api/v1/targets/${T.criticalGuest}/samples?from=${E2E_NOW.getTime() - 30 * 86400e3}&step=1m`,
    );
    expect(tooFine.status()).toBe(400);
    expect((await tooFine.json()).error).toMatch(/use step=1h or larger/);
    const state = await request.get('/api/v1/findings?state=closed');
    expect(state.status()).toBe(400);
    expect((await state.json()).issues).toEqual([
      { param: 'state', message: 'must be open, resolved, all, silenced or accepted, got "closed"' },
    ]);
    for (const path of [
      '/api/v1/targets/nope',
      '/api/v1/targets/nope/samples',
      '/api/v1/findings?target=nope',
    ]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(404);
      expect((await res.json()).error).toContain('unknown target "nope"');
    }
  });

  test('GET /api/v1/findings returns findings with remediation steps', async ({ request }) => {
    const res = await request.get(`/api/v1/findings?severity=critical&target=${T.criticalGuest}`);
    const [f] = await res.json();
    expect(f).toMatchObject({
      id: expect.any(Number),
      target: T.criticalGuest,
      host: T.host,
      rule: CRITICAL_RULE,
      severity: 'critical',
      subject: T.criticalDisk,
      state: 'open',
      openedAt: expect.stringMatching(/Z$/),
      resolvedAt: null,
      remediation: {
        summary: expect.any(String),
        reason: expect.any(String),
        restartRequired: true,
        steps: expect.arrayContaining([
          expect.objectContaining({ description: expect.any(String), command: expect.any(String) }),
        ]),
      },
    });
  });
});
