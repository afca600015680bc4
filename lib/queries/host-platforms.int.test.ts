// A guest's platform is its host's; the platforms kept per process must follow every new observation of
// the host (on both stores), and a host without one reads as unknown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { listTargets } from './list-targets';

let t: TestDb;
let hostId = 0;

beforeAll(async () => {
  t = await freshDb('ew-host-platforms-');
  const host = await t.db.target.create({ data: { name: 'pve-1', kind: 'host' } });
  hostId = host.id;
  const bare = await t.db.target.create({ data: { name: 'kvm-bare', kind: 'host' } });
  await t.db.target.createMany({
    data: [
      { name: 'vm-a', kind: 'guest', hostId: host.id },
      { name: 'vm-b', kind: 'guest', hostId: bare.id },
    ],
  });
}, 60_000);

afterAll(async () => {
  await t.cleanup();
});

const observe = (at: number, host: object) =>
  t.db.observation.upsert({
    where: { targetId: hostId },
    create: { targetId: hostId, at: new Date(at), data: JSON.stringify({ host }) },
    update: { at: new Date(at), data: JSON.stringify({ host }) },
  });

// Guests only, so their hosts' platforms come from the kept per-process read.
const platforms = async () =>
  Object.fromEntries(
    (await listTargets(t.db, { ids: await guestIds(), withSparkline: false })).map((g) => [
      g.name,
      g.platform,
    ]),
  );
const guestIds = async () =>
  (await t.db.target.findMany({ where: { kind: 'guest' }, select: { id: true } })).map((r) => r.id);

describe("guests' host platforms", () => {
  it('follow each new observation of the host', async () => {
    expect(await platforms()).toEqual({ 'vm-a': null, 'vm-b': null });
    await observe(1_000, { platform: 'proxmox', domains: [], holders: [] });
    expect(await platforms()).toEqual({ 'vm-a': 'proxmox', 'vm-b': null });
    expect(await platforms()).toEqual({ 'vm-a': 'proxmox', 'vm-b': null });
    await observe(2_000, { platform: 'qemu', domains: [], holders: [] });
    expect(await platforms()).toEqual({ 'vm-a': 'qemu', 'vm-b': null });
    // Stored before the platform was recorded: libvirt's.
    await observe(3_000, { domains: [], holders: [] });
    expect(await platforms()).toEqual({ 'vm-a': 'libvirt', 'vm-b': null });
  });

  it('are kept apart per database (the same host id and time in another one)', async () => {
    const other = await freshDb('ew-host-platforms-other-');
    try {
      const host = await other.db.target.create({ data: { name: 'pve-1', kind: 'host' } });
      expect(host.id).toBe(hostId);
      const guest = await other.db.target.create({ data: { name: 'vm-a', kind: 'guest', hostId: host.id } });
      const data = JSON.stringify({ host: { platform: 'qemu', domains: [], holders: [] } });
      await other.db.observation.create({ data: { targetId: host.id, at: new Date(3_000), data } });
      const [row] = await listTargets(other.db, { ids: [guest.id], withSparkline: false });
      expect(row?.platform).toBe('qemu');
    } finally {
      await other.cleanup();
    }
  });
});
