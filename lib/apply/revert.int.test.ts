// Revert for real: apply a fix through the remediation account's SSH session to a domain of libvirt's
// embedded QEMU driver (definitions persist), then revert it; the persistent definition must be byte for
// byte what `virsh dumpxml --inactive` printed before the apply.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplyPlan } from '../checks/remedy/types';
import type { Inventory } from '../inventory/types';
import {
  labInventory,
  libvirtRemediation,
  seedFinding,
  startEmbeddedApplyLab,
  type EmbeddedApplyLab,
} from '../../test/support/apply-lab';
import type { TestDb } from '../../test/support/test-db';
import { getDomainChange, listDomainChanges } from './domain-changes';
import { applyRevert, previewRevert } from './revert';
import { startBulkApply } from './bulk/execute';
import { previewBulk } from './bulk/preview';
import { applyPlan, previewApply, type ApplyDeps } from './service';

let lab: EmbeddedApplyLab;
let testDb: TestDb;
const actor = { username: 'olga', via: 'session' as const, address: '127.0.0.1' };

// Exactly what virsh prints (no -q: its trailing blank line included), as the SSH session reads it.
const inactive = (name: string) =>
  execFileSync('virsh', ['-c', lab.uri, 'dumpxml', '--inactive', '--domain', name], { encoding: 'utf8' });

// the monitoring account: apply and revert never use it (sshd does not know it)
const inventory = (): Inventory =>
  labInventory({
    host: 'kvm-lab',
    ssh: lab.ssh,
    libvirtUri: lab.uri,
    guests: ['guest-a', 'guest-b', 'guest-c', 'guest-d'],
  });

const deps = (): ApplyDeps => ({
  db: testDb.db,
  inventory: inventory(),
  transport: lab.transport,
  timeoutMs: 60_000,
});

const finding = (domain: string, rule: string, edit: ApplyPlan['edit']) =>
  seedFinding(testDb.db, {
    target: { kind: 'guest', name: domain, hostName: 'kvm-lab', domain },
    rule,
    remediation: libvirtRemediation('kvm-lab', domain, edit),
  });

async function apply(findingId: number): Promise<number> {
  const p = await previewApply(deps(), findingId);
  if (!p.ok) throw new Error(p.error);
  const a = await applyPlan(deps(), findingId, p.preview.planId, actor);
  if (!a.ok || !a.outcome.verified) throw new Error(a.ok ? a.outcome.output : a.error);
  const [change] = await listDomainChanges(testDb.db, findingId);
  return change!.id;
}

beforeAll(async () => {
  lab = await startEmbeddedApplyLab('ew-revert-', ['guest-a', 'guest-b', 'guest-c', 'guest-d']);
  testDb = lab.testDb;
}, 120_000);

afterAll(() => lab?.close());

describe('revert an applied domain change', () => {
  it('keeps the before text, previews the way back, and restores the document byte for byte', async () => {
    const original = inactive('guest-a');
    const id = await finding('guest-a', 'rng-device-missing', { op: 'add-rng' });
    const changeId = await apply(id);
    const applied = inactive('guest-a');
    expect(applied).not.toBe(original);
    const change = await getDomainChange(testDb.db, changeId);
    expect(change).toMatchObject({
      beforeXml: original,
      afterXml: applied,
      rule: 'rng-device-missing',
      actor: 'olga',
    });

    const p = await previewRevert(deps(), changeId);
    if (!p.ok) throw new Error(p.error);
    expect(p.preview.diff).toContain("-    <rng model='virtio'>");
    expect(p.preview.diff).not.toMatch(/^\+ /m);
    expect(inactive('guest-a')).toBe(applied); // a preview changes nothing

    const r = await applyRevert(deps(), changeId, p.preview.planId, actor);
    if (!r.ok) throw new Error(r.error);
    expect(r.outcome).toMatchObject({ result: 'reverted', verified: true });
    expect(inactive('guest-a')).toBe(original);

    expect(await getDomainChange(testDb.db, changeId)).toMatchObject({ revertedBy: 'olga' });
    expect(await getDomainChange(testDb.db, r.outcome.revertChangeId!)).toMatchObject({
      revertOf: changeId,
      beforeXml: applied,
      afterXml: original,
    });
    const audit = await testDb.db.auditEvent.findFirst({
      where: { action: 'remediation.revert' },
      orderBy: { id: 'desc' },
    });
    expect(audit).toMatchObject({ ok: true, actor: 'olga' });
    expect(audit!.subject).toContain(
      `change ${changeId} (finding ${id}, rng-device-missing) on kvm-lab/guest-a as root`,
    );

    // Once reverted, it cannot be reverted again.
    expect(await previewRevert(deps(), changeId)).toMatchObject({ ok: false, status: 409 });
  }, 120_000);

  it('refuses when the definition changed since the apply, and changes nothing', async () => {
    const first = await apply(await finding('guest-b', 'rng-device-missing', { op: 'add-rng' }));
    await apply(await finding('guest-b', 'vmgenid-missing', { op: 'add-genid' }));
    const now = inactive('guest-b');
    const p = await previewRevert(deps(), first);
    expect(p).toMatchObject({ ok: false, status: 409 });
    expect(!p.ok && p.error).toContain('changed since change');
    const r = await applyRevert(deps(), first, '0'.repeat(32), actor);
    expect(r).toMatchObject({ ok: false, status: 409 });
    expect(inactive('guest-b')).toBe(now);
    const audit = await testDb.db.auditEvent.findFirst({
      where: { action: 'remediation.revert' },
      orderBy: { id: 'desc' },
    });
    expect(audit).toMatchObject({ ok: false });
  }, 120_000);

  it('a bulk apply keeps the before text too: reverting one of its domains restores it byte for byte', async () => {
    const names = ['guest-c', 'guest-d'];
    const originals = names.map(inactive);
    const ids = [];
    for (const name of names) ids.push(await finding(name, 'rng-device-missing', { op: 'add-rng' }));
    // One at a time: two virsh processes on one qemu:///embed root at once failed validation here.
    const p = await previewBulk(deps(), ids, 1);
    if (!p.ok) throw new Error(p.error);
    const planIds = Object.fromEntries(p.preview.targets.map((t) => [String(t.findingId), t.planId ?? '']));
    const started = await startBulkApply(
      deps(),
      { findingIds: ids, planIds, concurrency: 1, stopAfterFailures: 2 },
      actor,
    );
    if (!started.ok) throw new Error(started.error);
    await started.done;
    const run = await testDb.db.applyRun.findUniqueOrThrow({ where: { id: started.runId } });
    expect(run.note).toBe('2 resolved, 0 waiting for a cold boot, 0 failed, 0 skipped');
    const [change] = await listDomainChanges(testDb.db, ids[1]!);
    expect(change).toMatchObject({ domain: 'guest-d', actor: 'olga' });
    const preview = await previewRevert(deps(), change!.id);
    if (!preview.ok) throw new Error(preview.error);
    const r = await applyRevert(deps(), change!.id, preview.preview.planId, actor);
    expect(r).toMatchObject({ ok: true, outcome: { result: 'reverted' } });
    expect(inactive('guest-d')).toBe(originals[1]);
    expect(inactive('guest-c')).not.toBe(originals[0]); // the other domain keeps its fix
  }, 180_000);

  it('refuses a plan id that is not the previewed revert', async () => {
    const id = await finding('guest-a', 'vmgenid-missing', { op: 'add-genid' });
    const changeId = await apply(id);
    const now = inactive('guest-a');
    expect(await applyRevert(deps(), changeId, 'f'.repeat(32), actor)).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(inactive('guest-a')).toBe(now);
  }, 120_000);
});
