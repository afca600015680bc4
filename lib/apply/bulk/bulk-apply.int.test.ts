// Bulk apply for real: a real sshd (the remediation account's session) and a real libvirtd with its
// QEMU driver (test/support/libvirtd.ts; TCG domains, two of them running), a migrated database.
// Progress and the concurrency bound are read from the run record, never from timing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplyPlan } from '../../checks/remedy/types';
import type { Inventory } from '../../inventory/types';
import { createTransport, type Transport } from '../../transport';
import {
  labInventory,
  libvirtRemediation,
  seedFinding,
  startRemediationSshd,
  type RemediationSshd,
} from '../../../test/support/apply-lab';
import {
  defineDomain,
  rawDisk,
  removeDomain,
  tinyDomainXml,
  uniqueDomainName,
  useTestLibvirtd,
  virshSystem,
  type TestLibvirtd,
} from '../../../test/support/libvirtd';
import { freshDb, type TestDb } from '../../../test/support/test-db';
import { changedLines } from '../diff';
import type { ApplyDeps } from '../service';
import { startBulkApply } from './execute';
import { maxInFlight } from './limits';
import { previewBulk } from './preview';
import { getApplyRun } from './run-store';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-bulk-'));
const HOST = 'kvm-bulk';
let lab: RemediationSshd;
let libvirtd: TestLibvirtd;
let testDb: TestDb;
let transport: Transport;
const domains: string[] = [];
const actor = { username: 'olga', via: 'session' as const, address: '127.0.0.1' };

const inactive = (name: string) => virshSystem('dumpxml', '--inactive', '--domain', name);

/** n fresh domains with a 10 MB disk each; the first `running` of them started. */
function makeDomains(label: string, n: number, running = 0): string[] {
  const names = Array.from({ length: n }, (_, i) => uniqueDomainName(`${label}${i}`));
  for (const name of names) {
    defineDomain(dir, name, tinyDomainXml({ name, disk: { file: rawDisk(path.join(dir, `${name}.img`)) } }));
    domains.push(name);
  }
  for (const name of names.slice(0, running)) virshSystem('start', name);
  return names;
}

const inventory = (guests: string[]): Inventory =>
  labInventory({
    host: HOST,
    ssh: lab,
    libvirtUri: libvirtd.uri,
    guests,
  });

const finding = (domain: string, rule: string, edit: ApplyPlan['edit']) =>
  seedFinding(testDb.db, {
    target: { kind: 'guest', name: domain, hostName: HOST, domain },
    rule,
    remediation: libvirtRemediation(HOST, domain, edit),
  });

const deps = (guests: string[]): ApplyDeps => ({
  db: testDb.db,
  inventory: inventory(guests),
  transport,
  timeoutMs: 120_000,
});

/** Waits for the run to finish (the executor's promise), then reads its record. */
async function runToEnd(
  d: ApplyDeps,
  findingIds: number[],
  planIds: Record<string, string>,
  opts: { concurrency: number; stopAfterFailures: number },
  hooks = {},
) {
  const started = await startBulkApply(d, { findingIds, planIds, ...opts }, actor, hooks);
  if (!started.ok) throw new Error(started.error);
  await started.done;
  const run = await getApplyRun(testDb.db, started.runId);
  if (!run) throw new Error('run record missing');
  return run;
}

async function planIdsOf(d: ApplyDeps, ids: number[]) {
  const p = await previewBulk(d, ids, 4);
  if (!p.ok) throw new Error(p.error);
  return {
    preview: p.preview,
    planIds: Object.fromEntries(p.preview.targets.map((t) => [String(t.findingId), t.planId ?? ''])),
  };
}

beforeAll(async () => {
  libvirtd = useTestLibvirtd();
  lab = await startRemediationSshd(dir);
  testDb = await freshDb('ew-bulk-db-');
  transport = createTransport({ agentSocket: () => undefined });
}, 180_000);

afterAll(async () => {
  for (const name of domains) removeDomain(name);
  await transport?.close();
  await lab?.sshd.stop();
  await testDb?.cleanup();
  libvirtd?.release();
  fs.rmSync(dir, { recursive: true, force: true });
}, 180_000);

describe('bulk apply of one rule across domains', () => {
  it('a validation failure on one of five targets changes nothing on any of them', async () => {
    const names = makeDomains('val', 5);
    const before = names.map(inactive);
    // libvirt refuses io='native' with a host page cache; the other four would be fine.
    const ids = [];
    for (const [i, name] of names.entries())
      ids.push(
        await finding(name, 'disk-cache-policy', {
          op: 'disk-driver',
          disk: 'vda',
          cache: i === 3 ? 'writethrough' : 'none',
          io: 'native',
        }),
      );
    const d = deps(names);
    const { preview, planIds } = await planIdsOf(d, ids);
    expect(preview.valid).toBe(false);
    expect(preview.targets.map((t) => t.validation.ok)).toEqual([true, true, true, false, true]);
    expect(preview.targets[3]!.validation.output).toMatch(
      /io='native' needs either no disk cache or directsync/,
    );
    expect(preview.targets[0]!.diff).toContain("cache='none' io='native'");
    expect(names.map(inactive)).toEqual(before); // the dry run changed nothing

    const run = await runToEnd(d, ids, planIds, { concurrency: 4, stopAfterFailures: 5 });
    expect(run.state).toBe('refused');
    expect(run.note).toMatch(/validation failed on 1 of 5 domains: nothing was changed on any/);
    expect(run.targets.map((t) => t.state)).toEqual([
      'not-applied',
      'not-applied',
      'not-applied',
      'invalid',
      'not-applied',
    ]);
    expect(run.targets.flatMap((t) => t.steps.map((s) => s.name))).not.toContain('define');
    const failedStep = run.targets[3]!.steps.find((s) => s.name === 'validate');
    expect(failedStep).toMatchObject({ state: 'failed', exitCode: 1 });
    expect(failedStep?.output).toMatch(/needs either no disk cache/);
    // Whole documents, as libvirt prints them: all five exactly as before.
    expect(names.map(inactive)).toEqual(before);
    const audit = await testDb.db.auditEvent.findFirst({
      where: { subject: { startsWith: `apply run ${run.id}:` } },
    });
    expect(audit).toMatchObject({ ok: false, actor: 'olga' });
  }, 300_000);

  it('applies to five domains at most two at a time: shut-off ones resolve, running ones wait for a cold boot', async () => {
    const names = makeDomains('rng', 5, 2);
    const before = names.map(inactive);
    const ids = [];
    for (const name of names) ids.push(await finding(name, 'rng-device-missing', { op: 'add-rng' }));
    const d = deps(names);
    const { preview, planIds } = await planIdsOf(d, ids);
    expect(preview.valid).toBe(true);
    expect(preview.targets.every((t) => t.diff.includes("+    <rng model='virtio'>"))).toBe(true);

    const run = await runToEnd(d, ids, planIds, { concurrency: 2, stopAfterFailures: 3 });
    expect(run.state).toBe('done');
    expect(run.targets.map((t) => t.state)).toEqual([
      'applied-waiting-for-cold-boot',
      'applied-waiting-for-cold-boot',
      'resolved',
      'resolved',
      'resolved',
    ]);
    // The bound, from the record: the start/end order of the targets and the executor's own count.
    expect(maxInFlight(run.targets)).toBe(2);
    expect(run.maxInFlight).toBe(2);
    expect(run.targets[0]!.steps.map((s) => `${s.name}:${s.state}`)).toEqual([
      'read definition:ok',
      'validate:ok',
      'read definition:ok',
      'define:ok',
      'read back:ok',
      'read live:ok',
    ]);
    expect(run.targets[0]!.steps.find((s) => s.name === 'define')?.output).toMatch(
      /defined from domain\.xml/,
    );
    for (const [i, name] of names.entries()) {
      const { removed, added } = changedLines(before[i]!, inactive(name));
      expect(removed).toEqual([]);
      expect(added[0]).toBe("    <rng model='virtio'>");
      expect(added.at(-1)).toBe('    </rng>');
    }
    // One audit entry per target plus one for the run; the host is asked to be polled now.
    const entries = await testDb.db.auditEvent.findMany({
      where: { subject: { contains: `apply run ${run.id}` } },
    });
    expect(entries).toHaveLength(6);
    const host = await testDb.db.target.findUnique({ where: { name: HOST } });
    expect(host?.pollRequestedAt).not.toBeNull();
    const guest = await testDb.db.target.findUnique({ where: { name: names[4]! } });
    expect(guest?.pollRequestedAt).not.toBeNull();
  }, 300_000);

  it('stops after N failed targets: the rest are skipped and unchanged', async () => {
    const names = makeDomains('stop', 5);
    const ids = [];
    for (const name of names) ids.push(await finding(name, 'vmgenid-missing', { op: 'add-genid' }));
    const d = deps(names);
    const { planIds } = await planIdsOf(d, ids);
    // Someone changes the second and third domain after validation: their apply must refuse.
    const changeBehindOurBack = async () => {
      for (const name of names.slice(1, 3))
        defineDomain(
          dir,
          name,
          inactive(name).replace(/<vcpu placement='static'>1<\/vcpu>/, "<vcpu placement='static'>2</vcpu>"),
        );
    };
    const before = () => names.map(inactive);
    let afterChange: string[] = [];
    const run = await runToEnd(
      d,
      ids,
      planIds,
      { concurrency: 1, stopAfterFailures: 1 },
      {
        afterValidation: async () => {
          await changeBehindOurBack();
          afterChange = before();
        },
      },
    );
    expect(run.state).toBe('stopped');
    expect(run.targets.map((t) => t.state)).toEqual(['resolved', 'failed', 'skipped', 'skipped', 'skipped']);
    expect(run.note).toMatch(
      /1 resolved, 0 waiting for a cold boot, 1 failed, 3 skipped \(stopped after 1 failures\)/,
    );
    // The failed target stopped at its first failing step (the stale read): no define.
    expect(run.targets[1]!.steps.slice(2).map((s) => s.name)).toEqual(['read definition']);
    const now = before();
    expect(now[0]).toMatch(/<genid>/);
    expect(now.slice(1)).toEqual(afterChange.slice(1));
  }, 300_000);

  it('refuses findings of two rules, and a request without every planId, creating nothing', async () => {
    const names = makeDomains('mix', 2);
    const a = await finding(names[0]!, 'vmgenid-missing', { op: 'add-genid' });
    const b = await finding(names[1]!, 'rng-device-missing', { op: 'add-rng' });
    const d = deps(names);
    const runsBefore = await testDb.db.applyRun.count();
    const mixed = await startBulkApply(
      d,
      { findingIds: [a, b], planIds: {}, concurrency: 2, stopAfterFailures: 1 },
      actor,
    );
    expect(mixed).toMatchObject({ ok: false, status: 422 });
    expect(mixed.ok ? '' : mixed.error).toMatch(/one rule; these are of rng-device-missing, vmgenid-missing/);
    const noPlan = await startBulkApply(
      d,
      { findingIds: [a], planIds: {}, concurrency: 2, stopAfterFailures: 1 },
      actor,
    );
    expect(noPlan.ok ? '' : noPlan.error).toMatch(/planIds lacks findings/);
    expect(await testDb.db.applyRun.count()).toBe(runsBefore);
  }, 120_000);
});
