// Discovery through the real collector (inventory → ssh2 → probe → virsh test driver → SQLite → checks):
// a libvirt host with `discover: true` lists one guest; its other domains become fleet members in host
// view, and a domain that leaves the host keeps its member's history.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { domainXml } from '../../test/lab/domain-xml';
import { startLab } from '../../test/lab/lab';
import type { Lab } from '../../test/lab/types';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { loadInventory } from '../inventory/load';
import type { Inventory } from '../inventory/types';
import { listFindings } from '../queries/list-findings';
import { listTargets } from '../queries/list-targets';
import { discoveredName } from './discover';
import { startCollector } from './service';

const HOST = 'kvm-disc';
const CLAIMED = domainXml({ name: 'listed-vm', disks: [], rngs: [] });
// No RNG device: rng-device-missing, judged from the host side on the member's own target.
const STAYS = domainXml({ name: 'found-vm', disks: [], rngs: [] });
const LEAVES = domainXml({ name: 'leaving-vm', disks: [], rngs: [], state: 'shutoff' });
const found = discoveredName(HOST, 'found-vm');
const leaving = discoveredName(HOST, 'leaving-vm');

let lab: Lab;
let t: TestDb;
let inventory: Inventory;

async function cycle(): Promise<string[]> {
  const collector = await startCollector({ db: t.db, inventory, publicUrl: 'http://ew.test', loop: false });
  try {
    return (await collector.runOnce()).rows.map((r) => r.target);
  } finally {
    await collector.stop();
  }
}

beforeAll(async () => {
  t = await freshDb('ew-discovery-');
  process.env.DATABASE_URL = t.url;
  lab = await startLab({
    hosts: [{ name: HOST, domains: [CLAIMED, STAYS, LEAVES] }],
    inventory: { interval: '2s', timeout: '5s' },
  });
  const file = parse(fs.readFileSync(lab.inventoryPath, 'utf8')) as {
    hosts: { name: string; discover?: boolean; guests?: object[] }[];
  };
  const host = file.hosts.find((h) => h.name === HOST);
  if (!host) throw new Error(`the lab inventory has no host ${HOST}`);
  host.discover = true;
  host.guests = [{ name: 'listed', domain: 'listed-vm' }];
  const path = `${lab.inventoryPath}.discover.yaml`;
  fs.writeFileSync(path, stringify(file));
  inventory = { ...loadInventory({ configPath: path, env: {} }), timeoutMs: 5_000 };
}, 180_000);

afterAll(async () => {
  await lab?.stop();
  await t?.cleanup();
});

describe('discover: true on a host', () => {
  it('makes each unclaimed domain a host-view member under its host, judged on its own target', async () => {
    const polled = await cycle();
    expect(polled).toEqual([HOST]);
    const fleet = await listTargets(t.db, { withSparkline: false });
    const guests = fleet
      .filter((x) => x.hostName === HOST)
      .map((x) => [x.name, x.domain, x.address, x.lastPollAt])
      .sort();
    expect(guests).toEqual(
      [
        ['listed', 'listed-vm', null, null],
        [found, 'found-vm', null, null],
        [leaving, 'leaving-vm', null, null],
      ].sort(),
    );
    const open = await listFindings(t.db, { state: 'open', target: found });
    expect(open.map((f) => f.rule)).toContain('rng-device-missing');
    // Claimed by its member, the domain is no longer judged on the host's own target.
    const onHost = await listFindings(t.db, { state: 'open', target: HOST });
    expect(onHost.filter((f) => f.subject === 'found-vm' || f.subject === 'leaving-vm')).toEqual([]);
  });

  it('keeps a member across collector restarts and marks it removed, history kept, when its domain goes', async () => {
    const before = await listFindings(t.db, { state: 'open', target: leaving });
    expect(before.length).toBeGreaterThan(0);
    await lab.setFixture(HOST, { domains: [CLAIMED, STAYS] });
    await cycle();
    const rows = await t.db.target.findMany({
      where: { name: { in: [found, leaving] } },
      select: { name: true, removedAt: true, discovered: true },
    });
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect(byName.get(found)?.removedAt).toBeNull();
    expect(byName.get(leaving)?.removedAt).toBeInstanceOf(Date);
    expect(byName.get(leaving)?.discovered).toBe(true);
    // Its findings resolve (a removed target's findings do, as for inventory targets) and stay readable.
    const after = await listFindings(t.db, { state: 'resolved', target: leaving });
    expect(after.map((f) => f.id).sort()).toEqual(before.map((f) => f.id).sort());
    const current = await listTargets(t.db, { withSparkline: false });
    expect(current.map((x) => x.name)).not.toContain(leaving);
    const all = await listTargets(t.db, { withSparkline: false, includeRemoved: true });
    expect(all.find((x) => x.name === leaving)?.removedAt).toBeInstanceOf(Date);
  });

  it('brings the same member back when the domain returns', async () => {
    const id = (await t.db.target.findUniqueOrThrow({ where: { name: leaving } })).id;
    await lab.setFixture(HOST, { domains: [CLAIMED, STAYS, LEAVES] });
    await cycle();
    const back = await t.db.target.findUniqueOrThrow({ where: { name: leaving } });
    expect([back.id, back.removedAt]).toEqual([id, null]);
  });

  it('keeps members and their open findings while the host cannot be polled, across a restart', async () => {
    const before = await listFindings(t.db, { state: 'open', target: found });
    expect(before.length).toBeGreaterThan(0);
    await lab.stopTarget(HOST);
    try {
      await cycle();
    } finally {
      await lab.startTarget(HOST);
    }
    const row = await t.db.target.findUniqueOrThrow({ where: { name: found } });
    expect(row.removedAt).toBeNull();
    const still = await listFindings(t.db, { state: 'open', target: found });
    expect(still.map((f) => f.id).sort()).toEqual(before.map((f) => f.id).sort());
  });
});
