// The collector on PostgreSQL: the same pipeline as on SQLite (inventory sync, polls through real
// sshd, batched storage, rules, findings, metrics) against a real PostgreSQL cluster started here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab } from '../../test/lab/lab';
import { fullLabScenario, toLabSpec } from '../../test/lab/scenarios';
import type { Lab } from '../../test/lab/types';
import { startPostgres, type TestPostgres } from '../../test/support/postgres';
import { closeDb, getDb, type Db } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { loadInventory } from '../inventory/load';
import { renderMetrics } from '../metrics/exposition';
import { getMetricsSnapshot } from '../queries/get-metrics-snapshot';
import { getCloneIdentity } from '../queries/get-clone-identity';
import { getSampleSeries } from '../queries/get-sample-series';
import { listFindings } from '../queries/list-findings';
import { listTargets } from '../queries/list-targets';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { startCollector } from './service';

let server: TestPostgres | undefined;
let lab: Lab | undefined;
let db: Db;
let sqlite: TestDb | undefined;
const T0 = Date.UTC(2026, 10, 25, 10, 30);

beforeAll(async () => {
  server = await startPostgres();
  const url = await server.createDatabase('collector');
  await migrateDatabase(url);
  db = getDb(url);
  // The legacy host of the full lab and its two guests: entropy-low, host-entropy-drain,
  // rng-backend-blocking and rng-rate-unlimited fire there.
  const full = fullLabScenario();
  lab = await startLab(toLabSpec({ hosts: full.hosts.slice(0, 1) }));
}, 180_000);

afterAll(async () => {
  await sqlite?.cleanup();
  await closeDb();
  await lab?.stop();
  await server?.stop();
}, 60_000);

describe('collector on PostgreSQL', () => {
  it('stores polls, rollups and findings exactly as on SQLite, once per cycle', async () => {
    const inventory = { ...loadInventory({ configPath: lab!.inventoryPath, env: {} }), timeoutMs: 5_000 };
    const collector = await startCollector({
      db,
      inventory,
      publicUrl: 'http://ew.test',
      loop: false,
      identity: { id: 'pg-1', site: null },
    });
    try {
      const t0 = T0;
      const first = await collector.runOnce({ now: () => new Date(t0) });
      expect(first.rows.every((r) => r.status === 'ok')).toBe(true);
      await collector.runOnce({ now: () => new Date(t0 + 60_000) });
    } finally {
      await collector.stop();
    }
    const targets = await db.target.findMany({ orderBy: { name: 'asc' } });
    expect(targets.map((t) => [t.name, t.lastStatus])).toEqual([
      ['kvm-legacy', 'ok'],
      ['legacy-blocking', 'ok'],
      ['legacy-unlimited', 'ok'],
    ]);
    expect(await db.sample.count()).toBe(6);
    const host = targets.find((t) => t.name === 'kvm-legacy')!;
    expect(host.lastEntropyAvail).toBe(60);
    const rollups = await db.sampleRollup.findMany({ where: { targetId: host.id } });
    expect(rollups.reduce((n, r) => n + r.count, 0)).toBe(2);
    expect(rollups.every((r) => r.minEntropy === 60 && r.maxEntropy === 60)).toBe(true);
    const open = await db.finding.findMany({ where: { state: 'open' }, include: { target: true } });
    expect(open.map((f) => `${f.target.name} ${f.rule}`).sort()).toEqual([
      'kvm-legacy entropy-low',
      'kvm-legacy host-entropy-drain',
      'legacy-blocking rng-backend-blocking',
      'legacy-unlimited rng-rate-unlimited',
    ]);
    const runs = await db.collectorRun.findMany();
    expect(runs.map((r) => [r.collectorId, r.ok])).toEqual([
      ['pg-1', 3],
      ['pg-1', 3],
    ]);
  }, 120_000);

  it('serves /metrics from PostgreSQL', async () => {
    const { body } = await renderMetrics(await getMetricsSnapshot(db));
    expect(body).toContain(
      'entropy_watch_entropy_available_bits{target="kvm-legacy",host="",kind="host",platform="debian"} 60',
    );
    expect(body).toContain('entropy_watch_polls_total{status="ok",collector="pg-1"} 6');
  });
});

describe('read models on PostgreSQL', () => {
  it('answer exactly as on SQLite for the same polls (fleet, findings, series, clone identity)', async () => {
    // The same lab, polled at the same instants into a fresh SQLite file.
    sqlite = await freshDb('ew-pg-compare-');
    const inventory = { ...loadInventory({ configPath: lab!.inventoryPath, env: {} }), timeoutMs: 5_000 };
    const collector = await startCollector({
      db: sqlite.db,
      inventory,
      publicUrl: 'http://ew.test',
      loop: false,
      identity: { id: 'pg-1', site: null },
    });
    try {
      await collector.runOnce({ now: () => new Date(T0) });
      await collector.runOnce({ now: () => new Date(T0 + 60_000) });
    } finally {
      await collector.stop();
    }
    const now = new Date(T0 + 90_000);
    const fleet = async (d: Db) =>
      (await listTargets(d, { now }))
        .map(({ id: _id, ...t }) => t)
        .sort((a, b) => a.name.localeCompare(b.name));
    const pgFleet = await fleet(db);
    expect(pgFleet.map((t) => [t.name, t.entropyAvail, t.rngCurrent, t.kernelRelease])).toEqual([
      ['kvm-legacy', 60, 'none', '4.19.0-26-amd64'],
      ['legacy-blocking', 256, 'virtio_rng.0', '6.1.0-27-amd64'],
      ['legacy-unlimited', 256, 'virtio_rng.0', '6.1.0-27-amd64'],
    ]);
    expect(pgFleet.find((t) => t.name === 'kvm-legacy')!.sparkline.filter((p) => p !== null)).toEqual([60]);
    expect(pgFleet).toEqual(await fleet(sqlite.db));
    const withObs = async (d: Db) =>
      (await listTargets(d, { now, withObservation: true, name: 'kvm-legacy' }))[0]!.observation;
    expect(await withObs(db)).toEqual(await withObs(sqlite.db));

    const findings = async (d: Db) => (await listFindings(d, { now })).map(({ id: _id, ...f }) => f);
    expect((await findings(db)).length).toBe(4);
    expect(await findings(db)).toEqual(await findings(sqlite.db));

    const range = { from: new Date(T0 - 3_600_000), to: new Date(T0 + 3_600_000) };
    for (const step of [60_000, 3_600_000]) {
      const pgSeries = await getSampleSeries(db, 'kvm-legacy', { ...range, step });
      expect(pgSeries!.points.length).toBeGreaterThan(0);
      expect(pgSeries).toEqual(await getSampleSeries(sqlite.db, 'kvm-legacy', { ...range, step }));
    }
    expect(await getCloneIdentity(db, 'legacy-blocking')).toEqual(
      await getCloneIdentity(sqlite.db, 'legacy-blocking'),
    );
  }, 120_000);
});
