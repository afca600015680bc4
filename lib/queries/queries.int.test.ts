import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb, type Db } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { providerOf, sqlTime } from '../db/providers/dialect';
import { getCloneIdentity } from './get-clone-identity';
import { getFleetSummary } from './get-fleet-summary';
import { getSampleSeries } from './get-sample-series';
import { getTarget } from './get-target';
import { listFindings } from './list-findings';
import { listTargets } from './list-targets';
import { SeriesPlanError } from './series-plan';
import { toTargetJson } from '../http/target-json';
import { type EmptyDb, freshDb, freshDbUrl, type TestDb } from '../../test/support/test-db';

// The read models against a real migrated database (SQLite, and PostgreSQL in integration-pg) with rows written the way the collector writes them
// (unix-ms dates through Prisma, samples and rollups in bulk).

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = new Date('2026-11-21T12:00:30Z');
const T0 = NOW.getTime();

let t: TestDb | undefined;
let local: EmptyDb | undefined;
let db: Db;

const obs = (patch: Record<string, unknown>) =>
  JSON.stringify({
    kernelRelease: '6.1.0',
    entropyAvail: 256,
    poolsize: 256,
    rngCurrent: 'virtio_rng.0',
    ...patch,
  });

beforeAll(async () => {
  t = await freshDb('ew-queries-');
  db = t.db;
  await db.collectorRun.create({
    data: {
      startedAt: new Date(T0 - 20_000),
      finishedAt: new Date(T0 - 15_000),
      targets: 4,
      ok: 3,
      failed: 1,
      intervalMs: MIN,
    },
  });
  const host = await db.target.create({
    data: {
      name: 'kvm-1',
      kind: 'host',
      lastPollAt: new Date(T0 - 10_000),
      lastStatus: 'ok',
      lastEntropyAvail: 256,
      lastPoolsize: 256,
      observation: {
        create: {
          at: new Date(T0 - 10_000),
          data: obs({
            machineId: 'm-host',
            host: {
              holders: [{ pid: 7, command: 'qemu-system-x86', device: '/dev/random', domain: 'g-ok-dom' }],
              domains: [
                { name: 'g-ok-dom', disks: [{ target: 'vda', type: 'file', source: '/a.qcow2' }], rngs: [] },
                { name: 'stray', disks: [], rngs: [] },
              ],
            },
          }),
        },
      },
    },
  });
  const guest = (name: string, data: Record<string, unknown>) =>
    db.target.create({ data: { name, kind: 'guest', hostId: host.id, ...data } as never });
  const ok = await guest('g-ok', {
    domain: 'g-ok-dom',
    lastPollAt: new Date(T0 - 10_000),
    lastStatus: 'ok',
    lastEntropyAvail: 256,
    lastPoolsize: 256,
    observation: { create: { at: new Date(T0 - 10_000), data: obs({ machineId: 'shared-mid' }) } },
    domainConfig: {
      create: [
        { at: new Date(T0 - 2 * DAY), hash: 'old', disks: '[]', rngs: '[]' },
        {
          at: new Date(T0 - DAY),
          hash: 'new',
          disks: JSON.stringify([
            { target: 'vda', type: 'block', cacheMode: 'writethrough', ioMode: 'native' },
          ]),
          rngs: JSON.stringify([
            { model: 'virtio', backendModel: 'random', backendSource: '/dev/urandom', rate: null },
          ]),
        },
      ],
    },
  });
  const crit = await guest('g-crit', {
    lastPollAt: new Date(T0 - 10_000),
    lastStatus: 'ok',
    lastEntropyAvail: 90,
    lastPoolsize: 4096,
    observation: {
      create: { at: new Date(T0 - 10_000), data: obs({ machineId: 'shared-mid', poolsize: 4096 }) },
    },
  });
  await guest('g-down', { lastPollAt: new Date(T0 - 10_000), lastStatus: 'timeout', lastError: 'timed out' });
  await guest('g-stale', { lastPollAt: new Date(T0 - 4 * MIN), lastStatus: 'ok' });
  await guest('g-gone', { lastPollAt: new Date(T0 - DAY), lastStatus: 'ok', removedAt: new Date(T0 - HOUR) });

  const finding = (
    targetId: number,
    rule: string,
    severity: string,
    state: string,
    extra: Record<string, unknown> = {},
  ) =>
    db.finding.create({
      data: {
        targetId,
        rule,
        severity,
        state,
        subject: '',
        summary: `${rule} on ${targetId}`,
        remediation: JSON.stringify({
          summary: 'fix it',
          reason: 'because',
          steps: [],
          restartRequired: true,
        }),
        openedAt: new Date(T0 - DAY),
        updatedAt: new Date(T0 - HOUR),
        resolvedAt: state === 'resolved' ? new Date(T0 - HOUR) : null,
        ...extra,
      },
    });
  await finding(crit.id, 'disk-aio-native-needs-direct', 'critical', 'open', { subject: 'vdb' });
  await finding(crit.id, 'entropy-low', 'warning', 'open');
  await finding(ok.id, 'rng-not-selected', 'info', 'open');
  await finding(ok.id, 'crng-not-ready', 'critical', 'resolved');
  await finding(ok.id, 'rng-device-missing', 'warning', 'open', { remediation: '{"steps": 3}' });

  // 30 days of 1-minute samples for g-crit: entropy = minute-of-hour (0..59) so averages are checkable,
  // with every sample of one hour failing; rollups computed the way the collector keeps them.
  // Multi-row INSERTs in chunks (Prisma's createMany of 43,200 rows takes a minute on a loaded machine),
  // in the store's own placeholders and time binding, so the same rows land in SQLite and PostgreSQL.
  const failedHour = Math.floor((T0 - 5 * HOUR) / HOUR) * HOUR;
  const samples: unknown[][] = [];
  const hours = new Map<number, { min: number; max: number; sum: number; count: number; failures: number }>();
  for (let t = Math.floor((T0 - 30 * DAY) / MIN) * MIN; t < T0; t += MIN) {
    const bucket = Math.floor(t / HOUR) * HOUR;
    const failed = bucket === failedHour;
    const e = failed ? null : new Date(t).getUTCMinutes();
    samples.push([crit.id, sqlTime(db, new Date(t)), failed ? 'timeout' : 'ok', e, failed ? null : 4096]);
    const r = hours.get(bucket) ?? { min: Infinity, max: -Infinity, sum: 0, count: 0, failures: 0 };
    if (e === null) r.failures++;
    else
      Object.assign(r, {
        min: Math.min(r.min, e),
        max: Math.max(r.max, e),
        sum: r.sum + e,
        count: r.count + 1,
      });
    hours.set(bucket, r);
  }
  await insertRows('Sample', ['targetId', 'at', 'status', 'entropyAvail', 'poolsize'], samples);
  await insertRows(
    'SampleRollup',
    ['targetId', 'bucket', 'minEntropy', 'maxEntropy', 'sumEntropy', 'count', 'failures'],
    [...hours].map(([b, r]) => [
      crit.id,
      sqlTime(db, new Date(b)),
      r.count ? r.min : null,
      r.count ? r.max : null,
      r.sum,
      r.count,
      r.failures,
    ]),
  );
}, 60_000);

/** INSERT ... VALUES (...), (...) in chunks under SQLite's 999 bind values. */
async function insertRows(table: string, columns: string[], rows: unknown[][]) {
  const perChunk = Math.floor(900 / columns.length);
  const pg = providerOf(db) === 'postgresql';
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const values = chunk
      .map((_, r) => `(${columns.map((_, c) => (pg ? `$${r * columns.length + c + 1}` : '?')).join(', ')})`)
      .join(', ');
    const names = columns.map((c) => `"${c}"`).join(', ');
    await db.$executeRawUnsafe(`INSERT INTO "${table}" (${names}) VALUES ${values}`, ...chunk.flat());
  }
}

afterAll(async () => {
  await closeDb();
  await local?.drop();
  await t?.cleanup();
});

describe('listTargets', () => {
  it('derives each status and freshness and counts open findings by severity', async () => {
    const targets = await listTargets(db, { now: NOW });
    const by = Object.fromEntries(targets.map((t) => [t.name, t]));
    expect(Object.keys(by).sort()).toEqual(['g-crit', 'g-down', 'g-ok', 'g-stale', 'kvm-1']);
    expect(by['g-crit']).toMatchObject({
      status: 'critical',
      freshness: 'fresh',
      pollAgeMs: 10_000,
      hostName: 'kvm-1',
      kernelModel: 'legacy',
      entropyAvail: 90,
    });
    expect(by['g-crit']!.open).toEqual({ critical: 1, warning: 1, info: 0 });
    expect(by['g-ok']).toMatchObject({
      status: 'warning',
      rngCurrent: 'virtio_rng.0',
      kernelRelease: '6.1.0',
    });
    expect(by['g-ok']!.open).toEqual({ critical: 0, warning: 1, info: 1 });
    expect(by['g-down']).toMatchObject({ status: 'ok', freshness: 'unreachable', lastError: 'timed out' });
    expect(by['g-stale']).toMatchObject({ status: 'ok', freshness: 'stale', pollAgeMs: 4 * MIN });
    expect(by['kvm-1']).toMatchObject({ status: 'ok', freshness: 'fresh', kind: 'host', hostName: null });
  });

  it('builds a 24-slot hourly sparkline from rollups, with a gap for the failed hour', async () => {
    const crit = (await listTargets(db, { now: NOW })).find((t) => t.name === 'g-crit')!;
    expect(crit.sparkline).toHaveLength(24);
    // Full hours average minutes 0..59 = 29.5 → 30 (rounded); the failed hour 5 h ago is a gap.
    expect(crit.sparkline.filter((v) => v === null)).toHaveLength(1);
    expect(crit.sparkline[18]).toBeNull();
    expect(crit.sparkline[0]).toBe(30);
  });

  it('hides removed targets unless asked, and attaches observations on request', async () => {
    const all = await listTargets(db, {
      now: NOW,
      includeRemoved: true,
      withObservation: true,
      withSparkline: false,
    });
    const gone = all.find((t) => t.name === 'g-gone');
    expect(gone?.removedAt?.getTime()).toBe(T0 - HOUR);
    expect(all.find((t) => t.name === 'kvm-1')?.observation?.host?.holders[0]?.domain).toBe('g-ok-dom');
  });
});

describe('getSampleSeries', () => {
  it('buckets raw samples by step with min/avg/max and failure counts', async () => {
    const s = await getSampleSeries(db, 'g-crit', { from: new Date(T0 - HOUR), to: NOW, step: 10 * MIN });
    expect(s?.source).toBe('raw');
    expect(s?.points.length).toBeLessThanOrEqual(7);
    const full = s!.points.find((p) => p.ok === 10)!;
    expect(full.max! - full.min!).toBe(9);
    expect(full.avg).toBe((full.min! + full.max!) / 2);
    expect(full.at % (10 * MIN)).toBe(0);
  });

  it('serves 30 days from hourly rollups within the point budget, the failed hour as a gap', async () => {
    const s = await getSampleSeries(db, 'g-crit', { from: new Date(T0 - 30 * DAY), to: NOW });
    expect(s?.source).toBe('rollup');
    expect(s?.stepMs).toBe(HOUR);
    expect(s!.points.length).toBeGreaterThan(700);
    expect(s!.points.length).toBeLessThanOrEqual(1000);
    const gap = s!.points.filter((p) => p.avg === null);
    expect(gap).toEqual([
      { at: Math.floor((T0 - 5 * HOUR) / HOUR) * HOUR, min: null, avg: null, max: null, ok: 0, failures: 60 },
    ]);
    expect(s!.points.find((p) => p.ok === 60)).toMatchObject({ min: 0, max: 59, avg: 29.5 });
  });

  it('7 days at 15-minute buckets from raw samples stays under 1000 points', async () => {
    const s = await getSampleSeries(db, 'g-crit', { from: new Date(T0 - 7 * DAY), to: NOW });
    expect(s).toMatchObject({ source: 'raw', stepMs: 15 * MIN });
    expect(s!.points.length).toBeLessThanOrEqual(673);
    expect(s!.points.length).toBeGreaterThan(660);
  });

  it('returns null for an unknown target and refuses a step that gives too many points', async () => {
    expect(await getSampleSeries(db, 'nope', { from: new Date(T0 - HOUR), to: NOW })).toBeNull();
    await expect(
      getSampleSeries(db, 'g-crit', { from: new Date(T0 - 30 * DAY), to: NOW, step: MIN }),
    ).rejects.toThrow(SeriesPlanError);
  });
});

describe('listFindings', () => {
  it('lists open findings critical first with host name and parsed remediation', async () => {
    const open = await listFindings(db);
    // Same severity and update time: the newest finding first.
    expect(open.map((f) => [f.target, f.rule, f.severity])).toEqual([
      ['g-crit', 'disk-aio-native-needs-direct', 'critical'],
      ['g-ok', 'rng-device-missing', 'warning'],
      ['g-crit', 'entropy-low', 'warning'],
      ['g-ok', 'rng-not-selected', 'info'],
    ]);
    expect(open[0]).toMatchObject({
      host: 'kvm-1',
      subject: 'vdb',
      remediation: { summary: 'fix it', restartRequired: true },
    });
  });

  it('filters by state, severity, target and rule, and fetches one by id', async () => {
    expect((await listFindings(db, { state: 'resolved' })).map((f) => f.rule)).toEqual(['crng-not-ready']);
    expect((await listFindings(db, { state: 'all', target: 'g-ok' })).length).toBe(3);
    expect(
      (await listFindings(db, { severity: ['warning', 'info'], target: 'g-ok' })).map((f) => f.rule).sort(),
    ).toEqual(['rng-device-missing', 'rng-not-selected']);
    const [one] = await listFindings(db, { rule: 'entropy-low' });
    expect((await listFindings(db, { id: one!.id, state: 'resolved' }))[0]?.rule).toBe('entropy-low');
  });

  it('reports an unreadable remediation instead of dropping the finding', async () => {
    const [f] = await listFindings(db, { rule: 'rng-device-missing' });
    expect(f?.remediation).toBeNull();
    expect(f?.remediationError).toMatch(/stored remediation does not match its schema/);
  });
});

describe('getTarget / getCloneIdentity / getFleetSummary', () => {
  it('gives a guest its latest domain snapshot and its host', async () => {
    const t = await getTarget(db, 'g-ok', NOW);
    expect(t?.host?.name).toBe('kvm-1');
    expect(t?.domainConfig).toMatchObject({
      from: 'snapshot',
      disks: [{ target: 'vda', type: 'block', ioMode: 'native' }],
    });
    expect(await getTarget(db, 'missing', NOW)).toBeNull();
  });

  it('gives a host its guests and maps its domains to them', async () => {
    const h = await getTarget(db, 'kvm-1', NOW);
    expect(h?.guests.map((g) => g.name).sort()).toEqual(['g-crit', 'g-down', 'g-ok', 'g-stale']);
    expect(h?.hostDomains.map((d) => [d.name, d.guest])).toEqual([
      ['g-ok-dom', 'g-ok'],
      ['stray', null],
    ]);
  });

  it('names the targets that share a machine-id', async () => {
    expect((await getCloneIdentity(db, 'g-ok'))?.machineId).toEqual({
      value: 'shared-mid',
      sharedWith: ['g-crit'],
    });
    expect((await getCloneIdentity(db, 'kvm-1'))?.machineId?.sharedWith).toEqual([]);
  });

  it('summarises the fleet', async () => {
    const s = await getFleetSummary(db, NOW);
    expect(s).toMatchObject({
      targets: 5,
      hosts: 1,
      guests: 4,
      unhealthy: 4,
      onlyLocal: false,
      staleAfterMs: 3 * MIN,
    });
    expect(s.byStatus).toEqual({ critical: 1, warning: 1, info: 0, ok: 3 });
    expect(s.byFreshness).toEqual({ unreachable: 1, stale: 1, fresh: 3 });
    expect(s.openFindings).toEqual({ critical: 1, warning: 2, info: 1 });
  });
});

describe('when the collector stopped a day ago', () => {
  const LATER = new Date(T0 + DAY);

  it('a critical target stays critical in every read model, and says its data is stale', async () => {
    const [listed] = await listTargets(db, { now: LATER, name: 'g-crit' });
    expect(listed).toMatchObject({ status: 'critical', freshness: 'stale', pollAgeMs: DAY + 10_000 });
    expect(toTargetJson(listed!)).toMatchObject({
      status: 'critical',
      freshness: 'stale',
      lastPoll: { ageSeconds: DAY / 1000 + 10 },
    });
    const detail = await getTarget(db, 'g-crit', LATER);
    expect(detail).toMatchObject({ status: 'critical', freshness: 'stale', host: { freshness: 'stale' } });
    const host = await getTarget(db, 'kvm-1', LATER);
    expect(host?.guests.find((g) => g.name === 'g-crit')).toMatchObject({
      status: 'critical',
      freshness: 'stale',
    });

    const s = await getFleetSummary(db, LATER);
    expect(s.byStatus).toEqual({ critical: 1, warning: 1, info: 0, ok: 3 });
    // g-down's latest poll failed: that says more than its age.
    expect(s.byFreshness).toEqual({ unreachable: 1, stale: 4, fresh: 0 });
    // Nothing is known to be current: every target needs a look.
    expect(s.unhealthy).toBe(5);
  });
});

describe('a fleet of only this machine', () => {
  it('is flagged onlyLocal so the fleet page shows how to add hosts', async () => {
    local = await freshDbUrl('ew-queries-local-');
    await migrateDatabase(local.url);
    const localDb = getDb(local.url);
    await localDb.target.create({
      data: {
        name: 'this-box',
        kind: 'local',
        lastPollAt: new Date(T0 - 5_000),
        lastStatus: 'ok',
        lastPoolsize: 256,
      },
    });
    const s = await getFleetSummary(localDb, NOW);
    expect(s).toMatchObject({ targets: 1, onlyLocal: true, lastRun: null, staleAfterMs: 3 * MIN });
    // Without any collector run the default 60 s interval applies, so a 5 s old poll is fresh.
    expect(s.byFreshness.fresh).toBe(1);
    expect(s.unhealthy).toBe(0);
    await localDb.target.create({ data: { name: 'kvm-9', kind: 'host' } });
    expect((await getFleetSummary(localDb, NOW)).onlyLocal).toBe(false);
  });
});
