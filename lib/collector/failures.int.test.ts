// Slow, dead, lying and hostile targets in one cycle: each gets its own failure class within the
// per-target budget, and the healthy targets of the same cycle arrive intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab } from '../../test/lab/lab';
import { healthyLabScenario, toLabSpec } from '../../test/lab/scenarios';
import type { Lab } from '../../test/lab/types';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { loadInventory } from '../inventory/load';
import { startCollector } from './service';

let lab: Lab;
let t: TestDb;
// Long enough that a healthy probe never hits it on a busy or 5x slower machine (~0.3 s here); the
// tarpit costs it once, in parallel with the rest.
const TIMEOUT_MS = 8_000;
/** How late a timeout may fire on a loaded machine and still count as cutting the hang. */
const SLACK_MS = 8_000;

beforeAll(async () => {
  t = await freshDb('ew-failures-');
  lab = await startLab({
    ...toLabSpec(healthyLabScenario()),
    extras: [
      { name: 'tarpit', behavior: 'hang' },
      { name: 'liar', behavior: 'garbage' },
      { name: 'dead', behavior: 'stopped' },
    ],
    inventory: { timeout: '8s' },
  });
}, 120_000);

afterAll(async () => {
  await lab?.stop();
  await t?.cleanup();
});

describe('a cycle with failing targets', () => {
  it('classifies each failure and leaves the healthy targets unaffected', async () => {
    const inventory = loadInventory({ configPath: lab.inventoryPath, env: {} });
    expect(inventory.timeoutMs).toBe(TIMEOUT_MS);
    const collector = await startCollector({ db: t.db, inventory, publicUrl: 'http://ew.test', loop: false });
    try {
      const report = await collector.runOnce();
      const byName = new Map(report.rows.map((r) => [r.target, r]));
      expect(byName.get('tarpit')?.status).toBe('timeout');
      expect(byName.get('tarpit')?.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(byName.get('tarpit')?.durationMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      expect(byName.get('liar')?.status).toBe('parse-error');
      expect(byName.get('liar')?.error).toMatch(/not Entropy Watch probe output/);
      expect(byName.get('dead')?.status).toBe('refused');
      // The cycle waits for no target longer than its budget.
      expect(report.pollMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      for (const name of ['kvm-01', 'web-01', 'db-01']) {
        expect(byName.get(name)).toMatchObject({ status: 'ok', error: null });
      }
      const web = byName.get('web-01')!.observation!;
      expect([web.entropyAvail, web.poolsize, web.kernelRelease]).toEqual([
        lab.fixture('web-01').entropyAvail,
        lab.fixture('web-01').poolsize,
        lab.fixture('web-01').kernelRelease,
      ]);
      const stored = await t.db.sample.findMany({
        where: { runId: report.runId },
        include: { target: true },
      });
      expect(Object.fromEntries(stored.map((s) => [s.target.name, s.status]))).toMatchObject({
        tarpit: 'timeout',
        liar: 'parse-error',
        dead: 'refused',
        'web-01': 'ok',
      });
    } finally {
      await collector.stop();
    }
  });
});
