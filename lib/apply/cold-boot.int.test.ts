// "Applied, waiting for a cold boot" and the cold boot itself, for real: a real libvirtd running a TCG
// guest (test/support/libvirtd.ts), a real sshd as the KVM host, the real collector loop (poll now on
// request), a real HTTP webhook receiver, a migrated database. The guest runs without an <rng>; the fix
// is applied to its definition → waiting, no second alert; cold boot (forced off: the diskless guest
// ignores ACPI) → resolved, one resolved event.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { addUser } from '../auth/users';
import { createToken } from '../auth/tokens';
import { startCollector, type CollectorService } from '../collector/service';
import { loadInventory } from '../inventory/load';
import type { Inventory } from '../inventory/types';
import { POST_BULK, POST_ONE } from '../http/endpoints/cold-boot';
import { listFindings } from '../queries/list-findings';
import { listTargets } from '../queries/list-targets';
import { createTransport, type Transport } from '../transport';
import {
  remediationHostEntry,
  startRemediationSshd,
  type RemediationSshd,
} from '../../test/support/apply-lab';
import {
  defineDomain,
  domainState,
  ensureMonitorAccount,
  rawDisk,
  removeDomain,
  tinyDomainXml,
  uniqueDomainName,
  useTestLibvirtd,
  virshSystem,
  type TestLibvirtd,
} from '../../test/support/libvirtd';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { startReceiver, waitFor, type Receiver } from '../../test/support/webhook-receiver';
import { coldBoot } from './cold-boot';
import { applyPlan, previewApply } from './service';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-coldboot-'));
const HOST = 'kvm-cb';
const GUEST = 'cb-rng';
const domain = uniqueDomainName('rng');
// A second guest with a 10 MB raw disk on cache='unsafe' (disk-cache-unsafe): the disk fix waits too.
const DISK_GUEST = 'cb-disk';
const diskDomain = uniqueDomainName('disk');
const actor = { username: 'olga', via: 'session' as const, address: '127.0.0.1' };

let libvirtd: TestLibvirtd;
let lab: RemediationSshd;
let t: TestDb;
let receiver: Receiver;
let inventory: Inventory;
let collector: CollectorService;
let transport: Transport;
let cycles = 0;

const diskFinding = async () =>
  (await listFindings(t.db, { state: 'all', target: DISK_GUEST, rule: 'disk-cache-unsafe' }))[0];
const rngFinding = async () =>
  (await listFindings(t.db, { state: 'all', target: GUEST, rule: 'rng-device-missing' }))[0];
/** Events the receiver got for one finding, by type (the json format carries the finding's id). */
const eventsFor = (findingId: number) =>
  receiver.requests
    .map((r) => JSON.parse(r.body) as { type: string; finding?: { id?: number } })
    .filter((b) => b.finding?.id === findingId)
    .map((b) => b.type);
beforeAll(async () => {
  libvirtd = useTestLibvirtd();
  lab = await startRemediationSshd(dir, { monitorReadable: true });
  receiver = await startReceiver();
  defineDomain(dir, domain, tinyDomainXml({ name: domain }));
  virshSystem('start', domain);
  const disk = rawDisk(path.join(dir, 'disk.raw'));
  defineDomain(dir, diskDomain, tinyDomainXml({ name: diskDomain, disk: { file: disk, cache: 'unsafe' } }));
  virshSystem('start', diskDomain);
  const file = path.join(dir, 'inventory.yaml');
  fs.writeFileSync(
    file,
    stringify({
      interval: '1h', // cycles here come from "poll now" requests only, after the first
      timeout: '30s',
      // the monitoring account reads (virsh -r); only the remediation account changes anything
      defaults: { user: ensureMonitorAccount(), identityFile: lab.key, knownHosts: lab.knownHosts },
      webhooks: [{ name: 'rx', url: receiver.url, minSeverity: 'info', repeat: 0 }],
      hosts: [
        remediationHostEntry(HOST, lab, libvirtd.uri, {
          guests: [
            { name: GUEST, domain },
            { name: DISK_GUEST, domain: diskDomain },
          ],
        }),
      ],
    }),
  );
  inventory = loadInventory({ configPath: file, env: {} });
  t = await freshDb('ew-coldboot-db-');
  process.env.DATABASE_URL = t.url;
  transport = createTransport({ agentSocket: () => undefined });
  collector = await startCollector({
    db: t.db,
    inventory,
    publicUrl: 'http://ew.test',
    loop: true,
    log: () => {},
    onCycle: () => void cycles++,
    pollRequestCheckMs: 300,
  });
  await waitFor('the first cycle', () => cycles > 0, 120_000);
}, 240_000);

afterAll(async () => {
  await collector?.stop();
  await transport?.close();
  removeDomain(domain);
  removeDomain(diskDomain);
  libvirtd?.release();
  await lab?.sshd.stop();
  await receiver?.close();
  await t?.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('applied, waiting for a cold boot → cold boot → resolved', () => {
  it('the running guest without <rng> has an open finding that fired once', async () => {
    const f = await rngFinding();
    expect(f).toMatchObject({ state: 'open', pendingColdBoot: null });
    expect(f!.remediation?.apply).toMatchObject({ host: HOST, domain, edit: { op: 'add-rng' } });
    await waitFor('the firing event', () => eventsFor(f!.id).length === 1, 60_000);
    expect(eventsFor(f!.id)).toEqual(['firing']);
    const d = await diskFinding();
    expect(d).toMatchObject({ state: 'open', subject: 'vda', pendingColdBoot: null });
    expect(d!.remediation?.apply).toMatchObject({
      domain: diskDomain,
      edit: { op: 'disk-driver', disk: 'vda' },
    });
    await waitFor('the disk firing event', () => eventsFor(d!.id).length === 1, 60_000);
  });

  it('apply → the next cycle shows it waiting for a cold boot, alerts nothing, keeps the target ok', async () => {
    const f = (await rngFinding())!;
    const deps = { db: t.db, inventory, transport, timeoutMs: 60_000 };
    const p = await previewApply(deps, f.id);
    if (!p.ok) throw new Error(p.error);
    const seen = cycles;
    const a = await applyPlan(deps, f.id, p.preview.planId, actor);
    if (!a.ok) throw new Error(a.error);
    expect(a.outcome.result).toBe('applied-waiting-for-cold-boot');
    const d = (await diskFinding())!;
    const dp = await previewApply(deps, d.id);
    if (!dp.ok) throw new Error(dp.error);
    const da = await applyPlan(deps, d.id, dp.preview.planId, actor);
    if (!da.ok) throw new Error(da.error);
    expect(da.outcome.result).toBe('applied-waiting-for-cold-boot');
    // apply asked for a poll of the guest and its host; the loop answers it within seconds
    await waitFor('the poll apply asked for', () => cycles > seen, 120_000);

    // the poll that answered may have started before the second apply: wait for the disk too
    await waitFor(
      'the disk finding waiting',
      async () => (await diskFinding())!.pendingColdBoot !== null,
      120_000,
    );
    const after = (await rngFinding())!;
    expect(after.state).toBe('open');
    expect(after.pendingColdBoot?.since).toBeInstanceOf(Date);
    expect(after.severity).toBe(f.severity);
    // config-drift (running ≠ defined) is itself waiting for the cold boot: it opens without alerting
    const drift = await listFindings(t.db, { state: 'open', target: GUEST, rule: 'config-drift' });
    expect(drift).toHaveLength(1);
    expect(drift[0]!.pendingColdBoot).not.toBeNull();

    const [guest] = await listTargets(t.db, { name: GUEST, withSparkline: false });
    expect(guest!.muted?.waitingColdBoot).toBe(2);
    expect(guest!.open.warning + guest!.open.critical).toBe(0);

    // One more cycle, then nothing new reached the receiver for either finding.
    await collector.runOnce();
    await new Promise((r) => setTimeout(r, 1500)); // the delivery loop's chance to send anything queued
    expect(eventsFor(f.id)).toEqual(['firing']);
    expect(eventsFor(d.id)).toEqual(['firing']);
    expect(eventsFor(drift[0]!.id)).toEqual([]);
    const queued = await t.db.alertEvent.count({ where: { findingId: { in: [f.id, drift[0]!.id] } } });
    expect(queued).toBe(1);
  }, 240_000);

  it('a read token gets 403 on both cold-boot routes; confirm is required', async () => {
    const vic = await addUser(t.db, 'vic', 'viewer', null);
    const ana = await addUser(t.db, 'ana', 'operator', null);
    const read = (await createToken(t.db, { userId: vic.id, scope: 'read', name: 'ro', expiresAt: null }))
      .secret;
    const operate = (
      await createToken(t.db, { userId: ana.id, scope: 'operate', name: 'ops', expiresAt: null })
    ).secret;
    const req = (token: string, body: unknown, url = 'http://ew.test/api/v1/cold-boot') =>
      new Request(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const params = { params: Promise.resolve({ name: GUEST }) };
    expect((await POST_BULK(req(read, { targets: [GUEST], confirm: true }))).status).toBe(403);
    expect((await POST_ONE(req(read, { confirm: true }), params)).status).toBe(403);
    const unconfirmed = await POST_BULK(req(operate, { targets: [GUEST] }));
    expect(unconfirmed.status).toBe(400);
    expect(((await unconfirmed.json()) as { error: string }).error).toContain('"confirm": true');
    // nothing happened to the guest
    expect(domainState(domain)).toBe('running');
  }, 60_000);

  it('without force-off a guest that ignores ACPI is left running and reported so', async () => {
    const [r] = await coldBoot(
      { db: t.db, inventory, transport },
      { targets: [GUEST], shutdownTimeoutSeconds: 2 },
      actor,
    );
    expect(r).toMatchObject({ result: 'still-running', forcedOff: false, host: HOST, domain });
    expect(r!.output).toContain('choose force off');
    expect(domainState(domain)).toBe('running');
    expect((await rngFinding())!.pendingColdBoot).not.toBeNull();
  }, 120_000);

  it('cold boot of both with force-off → the next cycle resolves them; one resolved event each, audited', async () => {
    const f = (await rngFinding())!;
    const d = (await diskFinding())!;
    const seen = cycles;
    const [r, rd] = await coldBoot(
      { db: t.db, inventory, transport },
      { targets: [GUEST, DISK_GUEST], forceOffAfterSeconds: 3 },
      actor,
    );
    expect(r).toMatchObject({ target: GUEST, result: 'cold-booted', forcedOff: true });
    expect(rd).toMatchObject({ target: DISK_GUEST, result: 'cold-booted', forcedOff: true });
    expect(virshSystem('dumpxml', '--domain', diskDomain)).toMatch(
      /<driver name='qemu' type='raw' cache='(none|directsync|writethrough|writeback)'/,
    );
    expect(r!.commands.join('\n')).toContain(`virsh -c qemu:///system destroy --domain ${domain}`);
    expect(domainState(domain)).toBe('running');
    // The new QEMU runs the definition: the live XML has the <rng> now.
    expect(virshSystem('dumpxml', '--domain', domain)).toContain("<rng model='virtio'>");

    await waitFor('the poll the cold boot asked for', () => cycles > seen, 120_000);
    const done = (await rngFinding())!;
    expect(done.state).toBe('resolved');
    expect(done.pendingColdBoot).toBeNull();
    expect(await listFindings(t.db, { state: 'open', target: GUEST, rule: 'config-drift' })).toEqual([]);
    await waitFor(
      'the disk finding resolved',
      async () => (await diskFinding())!.state === 'resolved',
      120_000,
    );
    await waitFor(
      'the resolved events',
      () => eventsFor(f.id).length === 2 && eventsFor(d.id).length === 2,
      60_000,
    );
    expect(eventsFor(f.id)).toEqual(['firing', 'resolved']);
    expect(eventsFor(d.id)).toEqual(['firing', 'resolved']);

    const audit = await t.db.auditEvent.findMany({ where: { action: 'remediation.cold-boot' } });
    expect(audit.map((a) => a.ok)).toEqual([false, true, true]);
    expect(audit.map((a) => a.subject).join('\n')).toContain(
      `${GUEST}: cold boot of ${HOST}/${domain} as root, force off after 3 s`,
    );
    console.log(
      `cold boot wall time (force off after 3 s, 2 guests at once): ${r!.seconds} s, ${rd!.seconds} s`,
    );
  }, 240_000);
});
