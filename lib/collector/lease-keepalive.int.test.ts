// A cycle longer than a lease must not hand its targets to another collector midway. Collector A
// polls a target that accepts TCP and never answers (so the cycle lasts the whole poll timeout, far
// beyond one lease); once A's lease would have lapsed, collector B takes its round on the same
// PostgreSQL: B must win nothing, and A must still hold the lease. Real PostgreSQL, real sockets.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryYaml } from '../../test/lab/inventory-file';
import { generateKey } from '../../test/support/keys';
import { startPostgres, type TestPostgres } from '../../test/support/postgres';
import { closeDb, getDb, type Db } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { loadInventory } from '../inventory/load';
import { LEASE_INTERVALS, renewHeld, takeLeases } from './leases';
import { announceCollector } from './presence';
import { startCollector } from './service';

const INTERVAL_MS = 2_000;
const LEASE_MS = INTERVAL_MS * LEASE_INTERVALS;
// The hung target holds A's cycle for this long: many leases, also on a slow machine.
const TIMEOUT_MS = 20_000;

let server: TestPostgres | undefined;
let silent: net.Server | undefined;
const sockets = new Set<net.Socket>();
let db: Db;
let dir = '';

beforeAll(async () => {
  server = await startPostgres();
  const url = await server.createDatabase('keepalive');
  await migrateDatabase(url);
  db = getDb(url);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-lease-keepalive-'));
  // Accepts and never speaks: the SSH client waits for the server's banner until the poll times out.
  silent = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve));
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
  await closeDb();
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('leases during a long cycle (PostgreSQL)', () => {
  it('renews them while the cycle runs, so another collector cannot take the targets', async () => {
    const identityFile = path.join(dir, 'id_ed25519');
    await generateKey(identityFile);
    const knownHosts = path.join(dir, 'known_hosts');
    fs.writeFileSync(knownHosts, '');
    const port = (silent!.address() as net.AddressInfo).port;
    const configPath = path.join(dir, 'inventory.yaml');
    fs.writeFileSync(
      configPath,
      inventoryYaml({
        settings: { interval: '2s', timeout: `${TIMEOUT_MS / 1000}s`, concurrency: 1 },
        identityFile,
        knownHosts,
        hosts: [{ name: 'silent-host', port, libvirtUri: 'qemu:///system', guests: [] }],
      }),
    );
    const inventory = loadInventory({ configPath, env: {} });
    expect(inventory.intervalMs).toBe(INTERVAL_MS);

    const a = await startCollector({
      db,
      inventory,
      publicUrl: 'http://ew.test',
      loop: false,
      log: () => {},
      identity: { id: 'col-a', site: null },
    });
    try {
      const cycle = a.runOnce();
      await until('A to claim the target', async () => (await db.targetLease.count()) === 1, 60_000);
      const claimed = await db.targetLease.findFirstOrThrow();
      expect(claimed.collectorId).toBe('col-a');
      // Wait past the moment the claimed lease would have lapsed without renewal: A's cycle is still
      // waiting for the silent target (its poll lasts TIMEOUT_MS).
      await until(
        'the first lease to pass its expiry',
        async () => Date.now() > claimed.expiresAt.getTime() + INTERVAL_MS,
        60_000,
      );
      expect(sockets.size).toBe(1); // A's poll is still in progress

      const b = { id: 'col-b', site: null };
      await announceCollector(db, b);
      const target = await db.target.findFirstOrThrow({ where: { name: 'silent-host' } });
      const now = new Date();
      const roundB = await takeLeases(
        db,
        b,
        [{ id: target.id, name: target.name, hostName: null, pin: null }],
        now,
        LEASE_MS,
      );
      expect([...roundB.held]).toEqual([]);
      const lease = await db.targetLease.findFirstOrThrow();
      expect(lease.collectorId).toBe('col-a');
      expect(lease.expiresAt.getTime()).toBeGreaterThan(now.getTime());
      const holder = await db.collector.findUniqueOrThrow({ where: { id: 'col-a' } });
      expect(holder.heartbeatAt.getTime()).toBeGreaterThan(claimed.expiresAt.getTime() - LEASE_MS);

      const report = await cycle;
      expect(report.rows.map((r) => r.status)).toEqual(['timeout']);
    } finally {
      await a.stop();
    }
  }, 180_000);

  it('renews only what this collector still holds, and never shortens a lease', async () => {
    const now = new Date();
    const at = (ms: number) => new Date(now.getTime() + ms);
    await announceCollector(db, { id: 'col-r', site: null });
    await announceCollector(db, { id: 'col-s', site: null });
    const names = ['mine', 'lapsed', 'theirs', 'later', 'not-kept'];
    await db.target.createMany({ data: names.map((name) => ({ name: `renew-${name}`, kind: 'host' })) });
    const ids = new Map(
      (await db.target.findMany({ where: { name: { startsWith: 'renew-' } } })).map((t) => [
        t.name.slice(6),
        t.id,
      ]),
    );
    const lease = (name: string, collectorId: string, expiresAt: Date) => ({
      targetId: ids.get(name)!,
      collectorId,
      expiresAt,
    });
    await db.targetLease.createMany({
      data: [
        lease('mine', 'col-r', at(1_000)),
        lease('lapsed', 'col-r', at(-1_000)), // may be another's by now: left alone
        lease('theirs', 'col-s', at(1_000)),
        lease('later', 'col-r', at(10 * LEASE_MS)), // already longer than a renewal gives
        lease('not-kept', 'col-r', at(1_000)), // the last round left it to lapse: not in the kept set
      ],
    });
    const kept = ['mine', 'lapsed', 'theirs', 'later'].map((n) => ids.get(n)!);
    await renewHeld(db, { id: 'col-r', site: null }, kept, now, LEASE_MS);
    const after = new Map(
      (await db.targetLease.findMany({ where: { targetId: { in: [...ids.values()] } } })).map((l) => [
        l.targetId,
        l,
      ]),
    );
    const expiry = (name: string) => after.get(ids.get(name)!)!.expiresAt.getTime();
    expect(expiry('mine')).toBe(now.getTime() + LEASE_MS);
    expect(expiry('lapsed')).toBe(now.getTime() - 1_000);
    expect(expiry('theirs')).toBe(now.getTime() + 1_000);
    expect(after.get(ids.get('theirs')!)!.collectorId).toBe('col-s');
    expect(expiry('later')).toBe(now.getTime() + 10 * LEASE_MS);
    expect(expiry('not-kept')).toBe(now.getTime() + 1_000);
    const heartbeat = await db.collector.findUniqueOrThrow({ where: { id: 'col-r' } });
    expect(heartbeat.heartbeatAt.getTime()).toBe(now.getTime());
  });
});
