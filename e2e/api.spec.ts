import { expect, test } from '@playwright/test';
import { CRITICAL_RULE, E2E_TARGETS as T } from './support/targets';

test.describe('API v1', () => {
  test('GET /api/v1/targets lists every host and guest with status and observation', async ({ request }) => {
    const res = await request.get('/api/v1/targets');
    expect(res.status()).toBe(200);
    const body = (await res.json()) as {
      name: string;
      status: string;
      host: string | null;
      observation: unknown;
    }[];
    const by = Object.fromEntries(body.map((t) => [t.name, t]));
    expect(Object.keys(by)).toHaveLength(8);
    expect(by[T.criticalGuest]).toMatchObject({ status: 'critical', host: T.host });
    expect(by[T.unreachableGuest]?.status).toBe('unreachable');
    expect(by[T.staleGuest]?.status).toBe('stale');
    expect(by[T.host]?.observation).toMatchObject({ host: { holders: expect.any(Array) } });
    const filtered = await (await request.get('/api/v1/targets?status=unhealthy')).json();
    expect(filtered).toHaveLength(4);
  });

  test('GET /api/v1/targets/{name} and its samples', async ({ request }) => {
    const t = await (await request.get(`/api/v1/targets/${T.criticalGuest}`)).json();
    expect(t).toMatchObject({
      name: T.criticalGuest,
      kind: 'guest',
      domainConfig: { disks: expect.any(Array) },
    });
    const to = Date.now();
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
      `/api/v1/targets/${T.criticalGuest}/samples?from=${Date.now() - 30 * 86400e3}&step=1m`,
    );
    expect(tooFine.status()).toBe(400);
    expect((await tooFine.json()).error).toMatch(/use step=1h or larger/);
    const state = await request.get('/api/v1/findings?state=closed');
    expect(state.status()).toBe(400);
    expect((await state.json()).issues).toEqual([
      { param: 'state', message: 'must be open, resolved or all, got "closed"' },
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
