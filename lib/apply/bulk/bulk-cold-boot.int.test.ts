// The whole bulk flow with the real collector on a real libvirtd (QEMU under TCG): five RUNNING guests
// without an <rng> have open findings → one bulk apply → the collector's poll shows all five waiting
// for a cold boot → a cold boot of two → the next poll resolves those two, the other three still wait.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCycle } from '../../collector/cycle';
import { syncInventory } from '../../db/sync-inventory';
import { loadInventory } from '../../inventory/load';
import type { Inventory } from '../../inventory/types';
import { listFindings } from '../../queries/list-findings';
import { createTransport, type Transport } from '../../transport';
import {
  remediationHostEntry,
  startRemediationSshd,
  type RemediationSshd,
} from '../../../test/support/apply-lab';
import {
  defineDomain,
  domainState,
  ensureMonitorAccount,
  removeDomain,
  tinyDomainXml,
  uniqueDomainName,
  useTestLibvirtd,
  virshSystem,
  type TestLibvirtd,
} from '../../../test/support/libvirtd';
import { freshDb, type TestDb } from '../../../test/support/test-db';
import { coldBoot } from '../cold-boot';
import { startBulkApply } from './execute';
import { getApplyRun } from './run-store';
import { previewBulk } from './preview';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-bulk-cb-'));
const HOST = 'kvm-bulk-cb';
const RULE = 'rng-device-missing';
const actor = { username: 'olga', via: 'session' as const, address: '127.0.0.1' };
let lab: RemediationSshd;
let libvirtd: TestLibvirtd;
let t: TestDb;
let transport: Transport;
let inventory: Inventory;
const guests: { name: string; domain: string }[] = [];

/** What the collector does when asked to poll now: one cycle (the whole inventory is this host). */
async function poll(): Promise<void> {
  const targetIds = await syncInventory(t.db, inventory);
  const report = await runCycle({ db: t.db, inventory, transport, targetIds, publicUrl: 'http://ew.test' });
  expect(report.rows.map((r) => `${r.target}: ${r.status} ${r.error ?? ''}`)).toEqual([`${HOST}: ok `]);
}

const finding = async (guest: string) =>
  (await listFindings(t.db, { state: 'all', target: guest, rule: RULE }))[0];

beforeAll(async () => {
  libvirtd = useTestLibvirtd();
  lab = await startRemediationSshd(dir, { monitorReadable: true });
  for (let i = 1; i <= 5; i++) {
    const domain = uniqueDomainName(`bcb${i}`);
    defineDomain(dir, domain, tinyDomainXml({ name: domain }));
    guests.push({ name: `guest-${i}`, domain });
  }

  for (const g of guests) virshSystem('start', g.domain);
  const file = path.join(dir, 'inventory.yaml');
  fs.writeFileSync(
    file,
    stringify({
      interval: '1h',
      timeout: '30s',
      // the monitoring account reads (virsh -r); only the remediation account changes anything
      defaults: { user: ensureMonitorAccount(), identityFile: lab.key, knownHosts: lab.knownHosts },
      hosts: [
        remediationHostEntry(HOST, lab, libvirtd.uri, {
          guests: guests.map((g) => ({ name: g.name, domain: g.domain })),
        }),
      ],
    }),
  );
  inventory = loadInventory({ configPath: file, env: {} });
  t = await freshDb('ew-bulk-cb-db-');
  transport = createTransport({ agentSocket: () => undefined });
  await poll();
}, 240_000);

afterAll(async () => {
  await transport?.close();
  for (const g of guests) removeDomain(g.domain);
  libvirtd?.release();
  await lab?.sshd.stop();
  await t?.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('bulk apply → waiting for a cold boot → cold boot two → those two resolve', () => {
  it('runs the whole flow against the real collector', async () => {
    const ids: number[] = [];
    for (const g of guests) {
      const f = await finding(g.name);
      expect(f, g.name).toMatchObject({ state: 'open', pendingColdBoot: null });
      ids.push(f!.id);
    }
    const deps = { db: t.db, inventory, transport, timeoutMs: 120_000 };
    const p = await previewBulk(deps, ids, 4);
    if (!p.ok) throw new Error(p.error);
    expect(p.preview.valid).toBe(true);
    const started = await startBulkApply(
      deps,
      {
        findingIds: ids,
        planIds: Object.fromEntries(p.preview.targets.map((x) => [String(x.findingId), x.planId!])),
        concurrency: 4,
        stopAfterFailures: 1,
      },
      actor,
    );
    if (!started.ok) throw new Error(started.error);
    await started.done;
    const run = await getApplyRun(t.db, started.runId);
    expect(run?.targets.map((x) => x.state)).toEqual(Array(5).fill('applied-waiting-for-cold-boot'));

    await poll();
    for (const g of guests) {
      const f = await finding(g.name);
      expect(f?.state, g.name).toBe('open');
      expect(f?.pendingColdBoot, g.name).not.toBeNull();
    }

    const booted = guests.slice(0, 2);
    const results = await coldBoot(
      { db: t.db, inventory, transport },
      { targets: booted.map((g) => g.name), forceOffAfterSeconds: 1 },
      actor,
    );
    expect(results.map((r) => r.result)).toEqual(['cold-booted', 'cold-booted']);
    for (const g of booted) expect(domainState(g.domain)).toBe('running');

    await poll();
    for (const g of booted) expect((await finding(g.name))?.state, g.name).toBe('resolved');
    for (const g of guests.slice(2)) {
      const f = await finding(g.name);
      expect(f?.state, g.name).toBe('open');
      expect(f?.pendingColdBoot, g.name).not.toBeNull();
    }
  }, 300_000);
});
