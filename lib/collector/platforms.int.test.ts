// The real collector (inventory → ssh2 → probe → SQLite → checks → findings) against lab hosts of
// other platforms: a Proxmox VE node (its configs under /etc/pve, "kvm" processes carrying the command
// lines qemu-server generates, no virsh) and a libvirt host whose QEMU runs something other than its
// definition. Findings are read back through the findings read model (what GET /api/v1/findings serves).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startLab } from '../../test/lab/lab';
import { PLATFORMS, platformsSpec } from '../../test/lab/platforms';
import type { Lab } from '../../test/lab/types';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { loadInventory } from '../inventory/load';
import { listFindings } from '../queries/list-findings';
import { listTargets } from '../queries/list-targets';
import { startCollector } from './service';

let lab: Lab;
let t: TestDb;
let polledTargets: string[] = [];
/** An inventory guest without an address: the tenant's VM "MCP" on the Proxmox VE node. */
const TENANT = 'mcp-tenant';

interface ApiFinding {
  target: string;
  rule: string;
  subject: string;
  detail: string;
  remediation: { summary: string; reason: string; steps: { command?: string; xml?: string }[] };
}

beforeAll(async () => {
  t = await freshDb('ew-platforms-');
  process.env.DATABASE_URL = t.url;
  lab = await startLab(platformsSpec());
  // The operator lists the tenant's VM without an address: nobody can log in to it.
  const file = parse(fs.readFileSync(lab.inventoryPath, 'utf8')) as {
    hosts: { name: string; guests?: object[] }[];
  };
  const pve = file.hosts.find((h) => h.name === PLATFORMS.pve);
  if (!pve) throw new Error('the lab inventory has no Proxmox VE host');
  pve.guests = [...(pve.guests ?? []), { name: TENANT, domain: PLATFORMS.pveModern }];
  const withTenant = `${lab.inventoryPath}.tenant.yaml`;
  fs.writeFileSync(withTenant, stringify(file));
  const inventory = { ...loadInventory({ configPath: withTenant, env: {} }), timeoutMs: 5_000 };
  const collector = await startCollector({ db: t.db, inventory, publicUrl: 'http://ew.test', loop: false });
  try {
    const report = await collector.runOnce();
    polledTargets = report.rows.map((r) => r.target);
  } finally {
    await collector.stop();
  }
}, 180_000);

afterAll(async () => {
  await lab?.stop();
  await t?.cleanup();
});

async function findings(target: string): Promise<ApiFinding[]> {
  // The read model the Findings page and GET /api/v1/findings use (the route adds sign-in on top).
  const list = await listFindings(t.db, { state: 'open', target });
  return list.map((f) => ({ ...f, remediation: f.remediation ?? { summary: '', reason: '', steps: [] } }));
}

const find = (list: ApiFinding[], rule: string, subject: string) => {
  const f = list.find((x) => x.rule === rule && x.subject === subject);
  if (!f)
    throw new Error(
      `no ${rule} on ${subject}; open: ${list.map((x) => `${x.rule} ${x.subject}`).join(', ')}`,
    );
  return f;
};
const commands = (f: ApiFinding) => f.remediation.steps.map((s) => s.command).filter(Boolean);

describe('a Proxmox VE node', () => {
  it('is read as Proxmox: its VMs from the configs, the running ones from their kvm command lines', async () => {
    const host = await t.db.target.findUniqueOrThrow({
      where: { name: PLATFORMS.pve },
      include: { observation: true },
    });
    const obs = JSON.parse(host.observation!.data);
    expect(obs.host.platform).toBe('proxmox');
    expect(obs.host.pveVersion).toMatch(/^pve-manager\/9\.1\.2/);
    expect(obs.fieldErrors.domains).toBeUndefined();
    const vms = Object.fromEntries(
      obs.host.domains.map((d: { name: string; vmid: number; state: string; judgedFrom: string }) => [
        d.name,
        [d.vmid, d.state, d.judgedFrom],
      ]),
    );
    expect(vms).toEqual({
      simple: [8006, 'running', 'running'],
      MCP: [103, 'running', 'running'],
      'legacy-db': [110, 'shut off', 'definition'],
    });
  });

  it('finds drift, unsafe cache and missing RNGs, each fixed with qm, never virsh', async () => {
    const list = await findings(PLATFORMS.pve);
    const drift = find(list, 'config-drift', PLATFORMS.pveDrifted);
    expect(drift.detail).toContain('scsi4 cache: running none, defined writeback');
    expect(commands(drift)).toEqual(['qm shutdown 8006', 'qm start 8006']);
    expect(drift.remediation.reason).toContain('pending: scsi4');

    const unsafe = find(list, 'disk-cache-unsafe', `${PLATFORMS.pveStopped}/scsi0`);
    expect(commands(unsafe)[0]).toBe(
      'qm set 110 --scsi0 local-lvm:vm-110-disk-0,iothread=1,size=8G,cache=none,aio=io_uring',
    );
    for (const vm of [PLATFORMS.pveDrifted, PLATFORMS.pveStopped]) {
      const missing = find(list, 'rng-device-missing', vm);
      expect(commands(missing)[0]).toMatch(
        /^qm set \d+ --rng0 source=\/dev\/urandom,max_bytes=1024,period=1000$/,
      );
    }
    expect(list.flatMap(commands).filter((c) => c?.includes('virsh'))).toEqual([]);
  });
});

describe('a guest nobody can log in to', () => {
  it('is never polled, stored without an address, and judged from its host side with qm fixes', async () => {
    expect(polledTargets).not.toContain(TENANT);
    expect(polledTargets).toContain(PLATFORMS.pve);
    const row = await t.db.target.findUniqueOrThrow({ where: { name: TENANT } });
    expect([row.kind, row.address, row.lastPollAt]).toEqual(['guest', null, null]);
    const list = await findings(TENANT);
    const missing = find(list, 'rng-device-missing', '');
    expect(commands(missing)[0]).toBe('qm set 103 --rng0 source=/dev/urandom,max_bytes=1024,period=1000');
    // Claimed by the inventory, the VM is no longer judged on the host's own target.
    expect((await findings(PLATFORMS.pve)).filter((f) => f.subject === PLATFORMS.pveModern)).toEqual([]);
    // Nothing inside it was read, so nothing that needs the guest's own observation was judged.
    expect(
      list.map((f) => f.rule).filter((r) => r === 'target-unreachable' || r === 'crng-not-ready'),
    ).toEqual([]);
  });
});

describe('a host with neither libvirt nor Proxmox VE', () => {
  it('judges each QEMU process as a guest and gives the QEMU options to change', async () => {
    const host = await t.db.target.findUniqueOrThrow({
      where: { name: PLATFORMS.plain },
      include: { observation: true },
    });
    const obs = JSON.parse(host.observation!.data);
    expect(obs.host.platform).toBe('qemu');
    expect(obs.fieldErrors.domains).toBeUndefined();
    expect(obs.fieldErrors.libvirt).toMatch(/^virsh not installed: /);
    const list = await findings(PLATFORMS.plain);
    const missing = find(list, 'rng-device-missing', PLATFORMS.plainGuest);
    expect(commands(missing)).toEqual([]);
    expect(missing.remediation.steps[0]?.xml).toContain(
      '-device virtio-rng-pci,rng=rng0,max-bytes=1024,period=1000',
    );
  });
});

describe('a libvirt host whose QEMU runs an older definition', () => {
  it('judges the running cache mode and says the definition differs until a cold boot', async () => {
    const list = await findings(PLATFORMS.libvirt);
    const drift = find(list, 'config-drift', PLATFORMS.libvirtDrifted);
    expect(drift.detail).toContain(
      'hdb cache: running unsafe, defined none; hdb io: running threads, defined native',
    );
    expect(commands(drift)[0]).toMatch(/^virsh -c \S+ shutdown --domain QEMUGuest1$/);
    // hdb is defined cache=none io=native, but QEMU runs it unsafe: critical now, fixed by the cold boot alone.
    const unsafe = find(list, 'disk-cache-unsafe', `${PLATFORMS.libvirtDrifted}/hdb`);
    expect(unsafe.remediation.reason).toContain('The definition already has cache=none io=native');
    expect(commands(unsafe).some((c) => c?.includes(' edit '))).toBe(false);
  });
});

describe('the fleet read model', () => {
  it("names each host's platform and gives a guest its host's, also when the host row is out of scope", async () => {
    const fleet = await listTargets(t.db, { withSparkline: false });
    const platform = (name: string) => fleet.find((x) => x.name === name)?.platform;
    expect([PLATFORMS.pve, PLATFORMS.plain, PLATFORMS.libvirt].map(platform)).toEqual([
      'proxmox',
      'qemu',
      'libvirt',
    ]);
    expect(platform(TENANT)).toBe('proxmox');
    const [tenant] = await listTargets(t.db, { name: TENANT, withSparkline: false });
    expect(tenant?.platform).toBe('proxmox');
    const [withObservation] = await listTargets(t.db, { name: PLATFORMS.plain, withObservation: true });
    expect(withObservation?.platform).toBe('qemu');
  });
});
