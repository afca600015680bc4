// Host-view guests read through their QEMU guest agent, through the real collector: a lab Proxmox VE
// node whose `pvesh ... agent/file-read` relays to a REAL qemu-ga per VM (test/lab/pvesh-agent.ts), each
// agent in its own mount namespace showing that guest's /proc and /sys values (test/support/qemu-ga.ts).
// One agent answers (its values are judged: crng-not-ready), one blocks guest-file-* as RHEL's does by
// default (the guest stays in host view and says why), one VM has no agent configured.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startLab } from '../../test/lab/lab';
import type { Lab, LabSpec } from '../../test/lab/types';
import { RHEL_BLOCKED_RPCS, startGuestAgent, type RunningGuestAgent } from '../../test/support/qemu-ga';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { fixture, fixtureArgv } from '../probe/qemu-fixtures';
import { loadInventory } from '../inventory/load';
import { getTarget } from '../queries/get-target';
import { listFindings } from '../queries/list-findings';
import { startCollector } from './service';

const HOST = 'pve-ga';
const VMS = {
  open: [201, 'tenant-open'],
  rhel: [202, 'tenant-rhel'],
  none: [203, 'tenant-noagent'],
} as const;

let lab: Lab;
let t: TestDb;
let dir: string;
const agents: RunningGuestAgent[] = [];

// qemu-server's config and command line of VM 103 (lib/probe/fixtures), renamed and renumbered.
function config(vmid: number, name: string, agent: string | null): string {
  const text = fixture('pve9-103.conf').replace(/^name: .*$/m, `name: ${name}`);
  return agent === null ? text : `agent: ${agent}\n${text}`;
}
function argv(vmid: number, name: string): string[] {
  return fixtureArgv('pve9-showcmd-103.cmd')
    .slice(1)
    .map((a, i, all) =>
      all[i - 1] === '-id' ? String(vmid) : all[i - 1] === '-name' ? `${name},debug-threads=on` : a,
    );
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-agent-lab-'));
  // The guests' own values: a 6.1 kernel 900 s after boot with its CRNG not ready (entropy_avail 40 < 256).
  const guest = {
    entropyAvail: 40,
    poolsize: 256,
    osrelease: '6.1.0-27-amd64',
    uptimeSec: 900,
    rngAvailable: 'virtio_rng.0',
    rngCurrent: 'none',
  };
  agents.push(await startGuestAgent(dir, 'open', guest));
  agents.push(await startGuestAgent(dir, 'rhel', { ...guest, entropyAvail: 30 }, RHEL_BLOCKED_RPCS));
  const spec: LabSpec = {
    hosts: [
      {
        name: HOST,
        proxmox: {
          version: 'pve-manager/9.1.2/9d436f37a0ac4172 (running kernel: 6.17.2-2-pve)',
          configs: {
            [VMS.open[0]]: config(VMS.open[0], VMS.open[1], '1'),
            [VMS.rhel[0]]: config(VMS.rhel[0], VMS.rhel[1], 'enabled=1,fstrim_cloned_disks=1'),
            [VMS.none[0]]: config(VMS.none[0], VMS.none[1], null),
          },
          agentSockets: { [VMS.open[0]]: agents[0]!.socket, [VMS.rhel[0]]: agents[1]!.socket },
        },
        holders: Object.values(VMS).map(([vmid, name]) => ({
          domain: name,
          binary: 'kvm' as const,
          devices: ['/dev/urandom' as const],
          argv: argv(vmid, name),
        })),
      },
    ],
    inventory: { interval: '2s', timeout: '10s' },
  };
  t = await freshDb('ew-agent-');
  process.env.DATABASE_URL = t.url;
  lab = await startLab(spec);
  // The tenants' VMs are listed without an address: nobody can log in to them.
  const file = parse(fs.readFileSync(lab.inventoryPath, 'utf8')) as {
    hosts: { name: string; guests?: object[] }[];
  };
  const host = file.hosts.find((h) => h.name === HOST);
  if (!host) throw new Error('the lab inventory has no Proxmox VE host');
  host.guests = Object.values(VMS).map(([, name]) => ({ name, domain: name }));
  const withTenants = `${lab.inventoryPath}.tenants.yaml`;
  fs.writeFileSync(withTenants, stringify(file));
  const inventory = { ...loadInventory({ configPath: withTenants, env: {} }), timeoutMs: 20_000 };
  const collector = await startCollector({ db: t.db, inventory, publicUrl: 'http://ew.test', loop: false });
  try {
    await collector.runOnce();
  } finally {
    await collector.stop();
  }
}, 180_000);

afterAll(async () => {
  for (const a of agents) a.stop();
  await lab?.stop();
  await t?.cleanup();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const agentOf = async (name: string) => (await getTarget(t.db, name))?.domainConfig?.seenByHost?.agent;
const rules = async (name: string) =>
  (await listFindings(t.db, { state: 'open', target: name })).map((f) => f.rule);

describe('a host-view guest whose guest agent answers', () => {
  it("is judged on the values its agent read (kernel-aware): the guest's CRNG is not ready", async () => {
    const agent = await agentOf(VMS.open[1]);
    expect(agent).toMatchObject({
      status: 'read',
      reason: null,
      via: `pvesh get /nodes/<node>/qemu/${VMS.open[0]}/agent/file-read`,
      entropyAvail: 40,
      poolsize: 256,
      kernelRelease: '6.1.0-27-amd64',
      uptimeSec: 900,
      rngAvailable: ['virtio_rng.0'],
      rngCurrent: 'none',
    });
    const list = await listFindings(t.db, { state: 'open', target: VMS.open[1] });
    const crng = list.find((f) => f.rule === 'crng-not-ready');
    expect(crng?.severity).toBe('critical');
    expect(crng?.detail).toContain('entropy_avail=40 poolsize=256 uptime=900s kernel 6.1.0-27-amd64');
    // rng_available and rng_current came through the agent too: virtio_rng.0 is there but not selected.
    expect(list.find((f) => f.rule === 'rng-not-selected')?.detail).toBe(
      'rng_available=virtio_rng.0 rng_current=none',
    );
    // Still never polled: it has no address and no poll of its own.
    const row = await t.db.target.findUniqueOrThrow({ where: { name: VMS.open[1] } });
    expect([row.address, row.lastPollAt]).toEqual([null, null]);
  });
});

describe('a host-view guest whose agent blocks guest-file-* (RHEL default)', () => {
  it('stays in host view, says plainly why, and nothing that needs its values alarms', async () => {
    const agent = await agentOf(VMS.rhel[1]);
    expect(agent?.status).toBe('blocked');
    expect(agent?.reason).toBe(
      "the guest agent refuses guest-file-open (blocked by its policy: --block-rpcs/--allow-rpcs, RHEL's default): " +
        'Agent error: Command guest-file-open has been disabled',
    );
    expect(agent?.entropyAvail).toBeNull();
    const found = await rules(VMS.rhel[1]);
    expect(found.filter((r) => ['crng-not-ready', 'entropy-low', 'target-unreachable'].includes(r))).toEqual(
      [],
    );
    // The host-side rules still judge it (pve9-103 has no rng0).
    expect(found).toContain('rng-device-missing');
  });
});

describe('a host-view guest without a guest agent', () => {
  it('is not asked, and says so', async () => {
    const agent = await agentOf(VMS.none[1]);
    expect(agent).toMatchObject({
      status: 'no-agent',
      reason: 'no guest agent channel (no `agent: 1` in its config)',
    });
    expect(await rules(VMS.none[1])).not.toContain('crng-not-ready');
  });
});
