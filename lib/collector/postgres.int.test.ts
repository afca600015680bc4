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
import { startCollector } from './service';

let server: TestPostgres | undefined;
let lab: Lab | undefined;
let db: Db;

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
      const t0 = Date.now();
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
