// The real collector (inventory → ssh2 → probe → SQLite → rules → findings) against the real lab:
// every rule fires where its fixture says, failures are classified per target without holding up
// the healthy ones, and healing the fixtures resolves every finding. Findings are read back through
// the public API (GET /api/v1/findings past authorization, lib/http/endpoints/findings.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullLab, fullLabExpected, healFullLab, FULL_LAB } from '../../test/lab/scenarios';
import type { Lab } from '../../test/lab/types';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { loadInventory } from '../inventory/load';
import type { Inventory } from '../inventory/types';
import { findingsResponse } from '../http/endpoints/findings';
import { startCollector } from './service';

let lab: Lab;
let t: TestDb;
let inventory: Inventory;

beforeAll(async () => {
  t = await freshDb('ew-collector-');
  process.env.DATABASE_URL = t.url;
  lab = await fullLab();
  // Nothing in the full lab hangs, so a generous budget costs nothing; 3 s timed out a healthy host
  // on a loaded machine.
  inventory = { ...loadInventory({ configPath: lab.inventoryPath, env: {} }), timeoutMs: 20_000 };
}, 180_000);

afterAll(async () => {
  await lab?.stop();
  await t?.cleanup();
});

const MINUTE = 60_000;
const pairs = (list: { target: string; rule: string }[]) => list.map((f) => `${f.target} ${f.rule}`).sort();

async function apiFindings(query: string) {
  // What GET /api/v1/findings answers an admin (lib/http/endpoints/findings.ts, which the route calls).
  const res = await findingsResponse(new Request(`http://localhost/api/v1/findings?${query}`), {
    role: 'admin',
  });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    target: string;
    rule: string;
    state: string;
    remediation: { steps: unknown[] };
  }[];
}

describe('collector against the lab', () => {
  it('classifies every target in one cycle and stores what the kernel and libvirt say', async () => {
    const collector = await startCollector({ db: t.db, inventory, publicUrl: 'http://ew.test', loop: false });
    try {
      const report = await collector.runOnce();
      const status = Object.fromEntries(report.rows.map((r) => [r.target, r.status]));
      expect(status).toMatchObject({
        [FULL_LAB.gone]: 'refused',
        [FULL_LAB.keyRotated]: 'host-key-mismatch',
        [FULL_LAB.keyUnknown]: 'host-key-unknown',
        [FULL_LAB.garbage]: 'parse-error',
        [FULL_LAB.clean]: 'ok',
        [FULL_LAB.legacyHost]: 'ok',
        [FULL_LAB.modernHost]: 'ok',
      });
      // Nothing in the lab hangs: no target used up its budget. (No wall-clock bound on the cycle: it
      // must hold on a machine five times slower; the statuses above say no poll timed out.)
      expect(report.rows.filter((r) => r.status === 'timeout')).toEqual([]);

      const legacy = await t.db.target.findUniqueOrThrow({
        where: { name: FULL_LAB.legacyHost },
        include: { observation: true },
      });
      expect([legacy.lastEntropyAvail, legacy.lastPoolsize]).toEqual([60, 4096]);
      const obs = JSON.parse(legacy.observation!.data);
      expect(obs.kernelRelease).toBe('4.19.0-26-amd64');
      expect(obs.host.holders.map((h: { domain: string }) => h.domain)).toContain(
        lab.targets.get(FULL_LAB.backendBlocking)?.domain,
      );
      const xss = await t.db.target.findUniqueOrThrow({
        where: { name: FULL_LAB.xss },
        include: { domainConfig: true },
      });
      expect(xss.domain).toBe(FULL_LAB.xssDomain);
      expect(xss.domainConfig).toHaveLength(1);
      const unsafe = await t.db.domainSnapshot.findFirstOrThrow({
        where: { target: { name: FULL_LAB.diskUnsafe } },
      });
      expect(JSON.parse(unsafe.disks)[0]).toMatchObject({ target: 'vda', cacheMode: 'unsafe' });
      const samples = await t.db.sample.count({ where: { runId: report.runId } });
      expect(samples).toBe(inventory.targets.length);
    } finally {
      await collector.stop();
    }
  });

  it('opens exactly the expected findings after three cycles, each with a remediation', async () => {
    const collector = await startCollector({ db: t.db, inventory, publicUrl: 'http://ew.test', loop: false });
    try {
      await collector.runOnce();
      await collector.runOnce();
    } finally {
      await collector.stop();
    }
    const open = await apiFindings('state=open');
    expect(pairs(open)).toEqual(fullLabExpected.map(([target, rule]) => `${target} ${rule}`).sort());
    expect(open.every((f) => f.remediation.steps.length > 0)).toBe(true);
    expect(pairs(await apiFindings(`state=open&target=${FULL_LAB.clean}`))).toEqual([]);
  });

  it('resolves every finding once the fixtures are healed', async () => {
    await healFullLab(lab);
    // entropy-low judges the minimum of the last 5 minutes: judge the healed fleet 6 minutes on.
    const later = new Date(Date.now() + 6 * MINUTE);
    const collector = await startCollector({ db: t.db, inventory, publicUrl: 'http://ew.test', loop: false });
    try {
      const report = await collector.runOnce({ now: () => later });
      expect(report.rows.filter((r) => r.status !== 'ok')).toEqual([]);
    } finally {
      await collector.stop();
    }
    expect(pairs(await apiFindings('state=open'))).toEqual([]);
    const resolved = await apiFindings('state=resolved');
    expect(pairs(resolved)).toEqual(fullLabExpected.map(([target, rule]) => `${target} ${rule}`).sort());
  });
});
