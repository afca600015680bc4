import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inventory, SshTargetConfig } from '../inventory/types';
import { defaultRuleConfig } from '../checks/config';
import { syncInventory } from './sync-inventory';
import { freshDb, type TestDb } from '../../test/support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await freshDb('ew-sync-');
});
afterEach(async () => t.cleanup());

const target = (
  name: string,
  kind: 'host' | 'guest',
  over: Partial<SshTargetConfig> = {},
): SshTargetConfig => ({
  name,
  kind,
  address: `${name}.example`,
  port: 22,
  user: 'monitor',
  identityFile: null,
  knownHosts: '/tmp/known_hosts',
  trustOnFirstUse: false,
  via: null,
  libvirtUri: kind === 'host' ? 'qemu:///system' : null,
  domain: kind === 'guest' ? name : null,
  hostName: kind === 'guest' ? 'kvm-01' : null,
  ...over,
});
const inventory = (targets: SshTargetConfig[]): Inventory => ({
  source: 'test.yaml',
  intervalMs: 60_000,
  timeoutMs: 10_000,
  concurrency: 8,
  targets,
  webhooks: [],
  rules: defaultRuleConfig,
});

describe('syncInventory', () => {
  it("syncs a fleet larger than SQLite's 999 bind parameters and removes past that many at once", async () => {
    const hosts = Array.from({ length: 1200 }, (_, i) => target(`kvm-${String(i).padStart(4, '0')}`, 'host'));
    const first = await syncInventory(t.db, inventory(hosts));
    expect(first.size).toBe(1200);
    const removedAt = new Date('2026-11-21T12:00:00Z');
    const second = await syncInventory(t.db, inventory(hosts.slice(0, 10)), removedAt);
    expect(second.size).toBe(10);
    expect(await t.db.target.count({ where: { removedAt: null } })).toBe(10);
    expect(await t.db.target.count({ where: { removedAt } })).toBe(1190);
  }, 120_000);

  it('writes nothing for an unchanged inventory and only the targets that changed otherwise', async () => {
    const fleet = [
      target('kvm-01', 'host'),
      ...Array.from({ length: 120 }, (_, i) => target(`vm-${i}`, 'guest')),
    ];
    const first = await syncInventory(t.db, inventory(fleet));
    const stamps = async () =>
      new Map((await t.db.target.findMany()).map((r) => [r.name, r.updatedAt.getTime()]));
    const before = await stamps();
    await new Promise((r) => setTimeout(r, 20)); // so a rewrite would show a later updatedAt
    const again = await syncInventory(t.db, inventory(fleet));
    expect(Object.fromEntries(again)).toEqual(Object.fromEntries(first));
    expect(await stamps()).toEqual(before);

    const moved = fleet.map((x) => (x.name === 'vm-7' ? { ...x, address: '10.9.9.9' } : x));
    await syncInventory(t.db, inventory(moved));
    const after = await stamps();
    const changed = [...after].filter(([name, at]) => at !== before.get(name)).map(([name]) => name);
    expect(changed).toEqual(['vm-7']);
    expect((await t.db.target.findUniqueOrThrow({ where: { name: 'vm-7' } })).address).toBe('10.9.9.9');
    expect(first.get('vm-7')).toBe(again.get('vm-7'));
  });

  it('adds, updates, and marks removed targets without losing their history', async () => {
    const first = await syncInventory(
      t.db,
      inventory([target('web-01', 'guest'), target('kvm-01', 'host'), target('db-01', 'guest')]),
    );
    const db01 = first.get('db-01')!;
    await t.db.sample.create({ data: { targetId: db01, at: new Date(), status: 'ok', entropyAvail: 256 } });
    const guest = await t.db.target.findUniqueOrThrow({ where: { name: 'web-01' }, include: { host: true } });
    expect(guest.host?.name).toBe('kvm-01');

    const removedAt = new Date('2026-11-21T12:00:00Z');
    const second = await syncInventory(
      t.db,
      inventory([target('kvm-01', 'host'), target('web-01', 'guest', { address: '10.0.0.5', port: 2222 })]),
      removedAt,
    );
    expect([...second.keys()].sort()).toEqual(['kvm-01', 'web-01']);
    const rows = await t.db.target.findMany({ orderBy: { name: 'asc' } });
    expect(rows.map((r) => [r.name, r.removedAt?.toISOString() ?? null])).toEqual([
      ['db-01', removedAt.toISOString()],
      ['kvm-01', null],
      ['web-01', null],
    ]);
    expect(rows.find((r) => r.name === 'web-01')).toMatchObject({ address: '10.0.0.5', port: 2222 });
    expect(await t.db.sample.count({ where: { targetId: db01 } })).toBe(1);

    // Listed again: back, with the same id and history.
    const third = await syncInventory(t.db, inventory([target('kvm-01', 'host'), target('db-01', 'guest')]));
    expect(third.get('db-01')).toBe(db01);
    expect((await t.db.target.findUniqueOrThrow({ where: { name: 'db-01' } })).removedAt).toBeNull();
  });
});
