// Apply for real: a real sshd (the remediation account's session), virsh with libvirt's QEMU driver
// embedded (definitions persist across virsh runs, test/support/libvirt-embed.ts), a migrated database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplyPlan, Remediation } from '../checks/remedy/types';
import type { Inventory } from '../inventory/types';
import {
  bootCdromXml,
  defineLocal,
  labInventory,
  libvirtRemediation,
  seedFinding,
  startEmbeddedApplyLab,
  type EmbeddedApplyLab,
} from '../../test/support/apply-lab';
import { virshLocal } from '../../test/support/libvirt-embed';
import type { TestDb } from '../../test/support/test-db';
import { changedLines } from './diff';
import { applyPlan, previewApply, type ApplyDeps } from './service';

let lab: EmbeddedApplyLab;
let testDb: TestDb;
const actor = { username: 'olga', via: 'session' as const, address: '127.0.0.1' };

const domainXml = bootCdromXml;
const define = (name: string, xml?: string) => defineLocal(lab.dir, lab.uri, name, xml);
const inactive = (name: string) => virshLocal(lab.uri, 'dumpxml', '--inactive', '--domain', name);

const inventory = (apply: boolean): Inventory =>
  labInventory({
    host: 'kvm-lab',
    ssh: lab.ssh,
    libvirtUri: lab.uri,
    apply,
    guests: ['guest-rng', 'guest-genid', 'guest-stale', 'guest-disk', 'guest-rngfix'],
  });

const finding = (target: string, rule: string, remediation: Remediation) =>
  seedFinding(testDb.db, {
    target: { kind: 'guest', name: target, hostName: 'kvm-lab', domain: target },
    rule,
    remediation,
  });

const remediation = (domain: string, edit: ApplyPlan['edit']) => libvirtRemediation('kvm-lab', domain, edit);

const deps = (apply = true): ApplyDeps => ({
  db: testDb.db,
  inventory: inventory(apply),
  transport: lab.transport,
  timeoutMs: 60_000,
});

beforeAll(async () => {
  lab = await startEmbeddedApplyLab('ew-apply-', ['guest-rng', 'guest-genid', 'guest-stale', 'guest-disk']);
  testDb = lab.testDb;
}, 120_000);

afterAll(() => lab?.close());

describe('apply a libvirt domain fix over the remediation account', () => {
  it('previews the exact diff, applies it, and the persistent definition gains the <rng> and nothing else', async () => {
    const id = await finding('guest-rng', 'rng-device-missing', remediation('guest-rng', { op: 'add-rng' }));
    const before = inactive('guest-rng');
    const p = await previewApply(deps(), id);
    if (!p.ok) throw new Error(p.error);
    expect(p.preview.runAs).toBe('root');
    expect(p.preview.diff).toContain("+    <rng model='virtio'>");
    expect(p.preview.diff).toContain("+      <backend model='random'>/dev/urandom</backend>");
    expect(inactive('guest-rng')).toBe(before); // a preview changes nothing

    const a = await applyPlan(deps(), id, p.preview.planId, actor);
    if (!a.ok) throw new Error(a.error);
    expect(a.outcome).toMatchObject({ result: 'applied', verified: true });
    const after = inactive('guest-rng');
    // The whole document: only lines of the new <rng> element were added (libvirt adds its PCI address).
    const { removed, added } = changedLines(before, after);
    expect(removed).toEqual([]);
    expect(added[0]).toBe("    <rng model='virtio'>");
    expect(added.at(-1)).toBe('    </rng>');
    expect(added).toContain("      <rate bytes='1024' period='1000'/>");
    expect(
      added.every((l) => l.startsWith('    <rng') || l.startsWith('      <') || l === '    </rng>'),
    ).toBe(true);

    const audit = await testDb.db.auditEvent.findMany({ where: { action: 'remediation.apply' } });
    expect(audit.at(-1)).toMatchObject({ ok: true, actor: 'olga', via: 'session' });
    expect(audit.at(-1)?.subject).toContain('add-rng on kvm-lab/guest-rng as root');
    expect(audit.at(-1)?.detail).toContain("+<rng model='virtio'>");
  }, 120_000);

  it('adds <genid/>; libvirt fills in the GUID', async () => {
    const id = await finding(
      'guest-genid',
      'vmgenid-missing',
      remediation('guest-genid', { op: 'add-genid' }),
    );
    const before = inactive('guest-genid');
    const p = await previewApply(deps(), id);
    if (!p.ok) throw new Error(p.error);
    const a = await applyPlan(deps(), id, p.preview.planId, actor);
    if (!a.ok) throw new Error(a.error);
    expect(a.outcome.result).toBe('applied');
    const { removed, added } = changedLines(before, inactive('guest-genid'));
    expect(removed).toEqual([]);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^ {2}<genid>[0-9a-f-]{36}<\/genid>$/);
  }, 120_000);

  it("sets one disk's cache and io; a combination libvirt refuses changes nothing and is reported failed", async () => {
    const edit = (cache: string, io: string) =>
      remediation('guest-disk', { op: 'disk-driver', disk: 'hdc', cache, io });
    const before = inactive('guest-disk');
    // libvirt refuses io='native' with a host page cache ("io='native' needs either no disk cache or
    // directsync cache mode"): the define fails and the definition stays as it was.
    const bad = await finding('guest-disk', 'disk-cache-policy', edit('writethrough', 'native'));
    const p1 = await previewApply(deps(), bad);
    if (!p1.ok) throw new Error(p1.error);
    const a1 = await applyPlan(deps(), bad, p1.preview.planId, actor);
    if (!a1.ok) throw new Error(a1.error);
    expect(a1.outcome.result).toBe('failed');
    expect(a1.outcome.output).toMatch(/native/);
    expect(inactive('guest-disk')).toBe(before);
    const failed = await testDb.db.auditEvent.findFirst({
      where: { action: 'remediation.apply' },
      orderBy: { id: 'desc' },
    });
    expect(failed).toMatchObject({ ok: false });

    const good = await finding('guest-disk', 'disk-cache-policy', edit('none', 'native'));
    const p2 = await previewApply(deps(), good);
    if (!p2.ok) throw new Error(p2.error);
    const a2 = await applyPlan(deps(), good, p2.preview.planId, actor);
    if (!a2.ok) throw new Error(a2.error);
    expect(a2.outcome).toMatchObject({ result: 'applied', verified: true });
    expect(changedLines(before, inactive('guest-disk'))).toEqual({
      removed: ["      <driver name='qemu' type='raw'/>"],
      added: ["      <driver name='qemu' type='raw' cache='none' io='native'/>"],
    });
  }, 120_000);

  it('points a blocking <rng> backend at /dev/urandom and adds its <rate>; nothing else changes', async () => {
    const blocking = domainXml('guest-rngfix').replace(
      '  </devices>',
      "    <rng model='virtio'>\n      <backend model='random'>/dev/random</backend>\n    </rng>\n  </devices>",
    );
    define('guest-rngfix', blocking);
    const before = inactive('guest-rngfix');
    const id = await finding(
      'guest-rngfix',
      'rng-backend-blocking',
      remediation('guest-rngfix', { op: 'rng-backend-urandom' }),
    );
    const p = await previewApply(deps(), id);
    if (!p.ok) throw new Error(p.error);
    const a = await applyPlan(deps(), id, p.preview.planId, actor);
    if (!a.ok) throw new Error(a.error);
    expect(a.outcome).toMatchObject({ result: 'applied', verified: true });
    expect(changedLines(before, inactive('guest-rngfix'))).toEqual({
      removed: ["      <backend model='random'>/dev/random</backend>"],
      added: [
        "      <rate bytes='1024' period='1000'/>",
        "      <backend model='random'>/dev/urandom</backend>",
      ],
    });
  }, 120_000);

  it('refuses a plan when the definition changed since the preview, and changes nothing', async () => {
    const id = await finding(
      'guest-stale',
      'vmgenid-missing',
      remediation('guest-stale', { op: 'add-genid' }),
    );
    const p = await previewApply(deps(), id);
    if (!p.ok) throw new Error(p.error);
    // Someone changes the domain between preview and apply (same UUID, one more vCPU).
    define(
      'guest-stale',
      inactive('guest-stale').replace(
        "<vcpu placement='static'>1</vcpu>",
        "<vcpu placement='static'>2</vcpu>",
      ),
    );
    const changed = inactive('guest-stale');
    const a = await applyPlan(deps(), id, p.preview.planId, actor);
    expect(a).toMatchObject({ ok: false, status: 409 });
    expect(a.ok ? '' : a.error).toMatch(/changed since the preview .*; preview again/);
    expect(inactive('guest-stale')).toBe(changed);
    const last = await testDb.db.auditEvent.findFirst({
      where: { action: 'remediation.apply' },
      orderBy: { id: 'desc' },
    });
    expect(last).toMatchObject({ ok: false, actor: 'olga' });
  }, 120_000);

  it('is refused (and audited) when the inventory leaves apply off', async () => {
    const id = await finding(
      'guest-stale',
      'rng-device-missing',
      remediation('guest-stale', { op: 'add-rng' }),
    );
    const p = await previewApply(deps(false), id);
    expect(p).toMatchObject({ ok: false, status: 403 });
    expect(p.ok ? '' : p.error).toMatch(/applying fixes is off for guest-stale/);
    const a = await applyPlan(deps(false), id, 'x'.repeat(32), actor);
    expect(a).toMatchObject({ ok: false, status: 403 });
  }, 60_000);
});
