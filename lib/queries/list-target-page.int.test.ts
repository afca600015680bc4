// listTargetPage orders the fleet from rows the database counted (status, freshness, muted findings)
// and must answer exactly what ordering the full FleetTarget rows in JS answers, on both stores:
// silenced, accepted and waiting findings, stale and unreachable targets, names that tie under the
// collator, removed targets, every sort and filter. GET /api/v1/targets masks the page for a viewer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../auth/users';
import { createToken } from '../auth/tokens';
import { GET } from '../http/endpoints/targets';
import { toTargetJson } from '../http/target-json';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { pageTargetList } from './fleet-paging';
import type { FleetFilter } from './fleet-view';
import { listTargetPage } from './list-target-page';
import { listTargets } from './list-targets';

let t: TestDb;
const now = new Date();
const ago = (ms: number) => new Date(now.getTime() - ms);
const URI = 'qemu+ssh://root@kvm-a/system?keyfile=/srv/keys/kvm-a';

beforeAll(async () => {
  t = await freshDb('ew-target-page-');
  process.env.DATABASE_URL = t.url;
  const host = await t.db.target.create({
    data: { name: 'kvm-a', kind: 'host', libvirtUri: URI, lastPollAt: now, lastStatus: 'ok' },
  });
  const names = ['vm-1', 'VM-2', 'vm-10', 'vm-9', 'Vm-9b', 'db-1', 'db-01', 'web', 'Web-2', 'vé-3'];
  await t.db.target.createMany({
    data: Array.from({ length: 40 }, (_, i) => ({
      name: `${names[i % names.length]}${i >= names.length ? `-${i}` : ''}`,
      kind: 'guest',
      hostId: host.id,
      domain: i % 3 ? `dom-${i}` : null,
      address: i % 4 ? `10.0.${i % 5}.${i}` : null,
      // fresh, stale (10 min), unreachable, never polled
      lastPollAt: i % 7 === 0 ? null : i % 5 === 0 ? ago(600_000) : now,
      lastStatus: i % 7 === 0 ? null : i % 6 === 0 ? 'timeout' : 'ok',
      lastError: i % 6 === 0 ? `virsh -c ${URI} timed out` : null,
      lastEntropyAvail: [256, 256, null, 3000, 40][i % 5],
      removedAt: i === 39 ? now : null,
    })),
  });
  const ids = new Map((await t.db.target.findMany()).map((r) => [r.name, r.id]));
  const inForce = await t.db.silence.create({
    data: { comment: 'c', createdBy: 'x', createdAt: now, updatedAt: now, expiresAt: ago(-3_600_000) },
  });
  const expired = await t.db.silence.create({
    data: { comment: 'c', createdBy: 'x', createdAt: now, updatedAt: now, expiresAt: ago(60_000) },
  });
  let n = 0;
  const finding = (name: string, severity: string, extra: object = {}, state = 'open') => ({
    targetId: ids.get(name)!,
    rule: `rule-${n++}`,
    severity,
    state,
    summary: `${name} is ${severity}`,
    remediation: '{}',
    openedAt: now,
    updatedAt: now,
    ...extra,
  });
  await t.db.finding.createMany({
    data: [
      finding('vm-1', 'critical', { acceptedReason: 'known' }),
      finding('VM-2', 'critical', { silenceId: inForce.id }),
      finding('vm-10', 'critical', { silenceId: expired.id }),
      finding('vm-9', 'warning', { pendingColdBootSince: now }),
      finding('vm-9', 'info'),
      finding('db-1', 'critical'),
      finding('db-1', 'critical'),
      finding('db-01', 'critical'),
      finding('web', 'warning'),
      finding('Web-2', 'warning', {}, 'resolved'),
      finding('kvm-a', 'info'),
    ],
  });
}, 60_000);

afterAll(async () => {
  await t.cleanup();
});

describe('listTargetPage', () => {
  const filters: FleetFilter[] = [
    {},
    { sort: 'name' },
    { sort: 'entropy' },
    { sort: 'last-poll' },
    { status: 'unhealthy' },
    { status: 'critical', sort: 'name' },
    { status: 'ok' },
    { freshness: 'stale' },
    { freshness: 'unreachable', sort: 'entropy' },
    { q: 'VM-1' },
    { q: '10.0.2', sort: 'last-poll' },
    { q: 'KVM-A' },
  ];

  it('answers what ordering the full rows answers, for every sort, filter and page', async () => {
    for (const includeRemoved of [false, true]) {
      // In id order: targets the sort calls equal ("db-1" and "db-01") stay in id order, on both stores
      // (PostgreSQL returns rows without ORDER BY in no fixed order).
      const reference = (
        await listTargets(t.db, { includeRemoved, withObservation: true, withSparkline: false, now })
      ).sort((a, b) => a.id - b.id);
      for (const filter of filters) {
        for (const [offset, limit] of [
          [0, 100],
          [3, 7],
        ] as const) {
          const want = pageTargetList(reference, filter, offset, limit);
          const got = await listTargetPage(t.db, { filter, offset, limit, includeRemoved, now });
          const what = JSON.stringify({ filter, offset, includeRemoved });
          expect(got.total, what).toBe(want.total);
          expect(got.items.map(toTargetJson), what).toEqual(want.items.map(toTargetJson));
        }
      }
    }
    // The case the mute rules decide: accepted, silenced and waiting findings do not count.
    const worst = await listTargetPage(t.db, { filter: {}, offset: 0, limit: 4, includeRemoved: false, now });
    expect(worst.items.map((r) => [r.name, r.status])).toEqual([
      ['db-01', 'critical'], // unreachable
      ['db-1', 'critical'], // stale
      ['vm-10', 'critical'],
      ['web', 'warning'],
    ]);
    const vm9 = (
      await listTargetPage(t.db, { filter: { q: 'vm-9' }, offset: 0, limit: 1, includeRemoved: false, now })
    ).items[0]!;
    expect([vm9.name, vm9.status, vm9.muted]).toEqual([
      'vm-9',
      'info',
      { silenced: 0, accepted: 0, waitingColdBoot: 1 },
    ]);
  });

  it('masks the libvirt URI of the page for a viewer', async () => {
    const viewer = await addUser(t.db, 'vic', 'viewer', null);
    const { secret } = await createToken(t.db, {
      userId: viewer.id,
      scope: 'read',
      name: 'ro',
      expiresAt: null,
    });
    const res = await GET(
      new Request('http://localhost/api/v1/targets?freshness=unreachable', {
        headers: { authorization: `Bearer ${secret}` },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(text).not.toContain('/srv/keys');
    const rows = JSON.parse(text) as { lastPoll: { error: string | null } }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.lastPoll.error).toBe('virsh -c qemu+ssh://kvm-a/system timed out');
  });
});
