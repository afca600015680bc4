// Guest-side apply for real: lab guests (real sshd in their own namespaces) whose sudo and package and
// service managers record their argv (test/lab/command-shims.ts); the finding's remediation comes from
// the real check evaluated on a real probe of the guest; the apply runs over the remediation account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rngNotSelected } from '../../checks/rng-not-selected/rng-not-selected';
import { rngdNeeded } from '../../checks/rngd-needed/rngd-needed';
import { HWRNG_TMPFILES, rngdInstallCommands, RNG_CURRENT } from '../../checks/remedy/guest-commands';
import type { TypedCheck } from '../../checks/types';
import type { Inventory, SshTargetConfig } from '../../inventory/types';
import { loadInventory } from '../../inventory/load';
import { parseProbeOutput } from '../../probe/parse';
import { buildProbeScript } from '../../probe/script';
import { createTransport, type Transport } from '../../transport';
import { context, target as checkTarget } from '../../../test/support/check-builders';
import { freshDb, type TestDb } from '../../../test/support/test-db';
import { readRecordedCommands, setToolFails, writtenEtcFile } from '../../../test/lab/command-shims';
import { startLab } from '../../../test/lab/lab';
import type { Lab } from '../../../test/lab/types';
import type { ApplyDeps } from '../service';
import { applyGuestPlan, previewGuestApply } from './service';

let lab: Lab;
let testDb: TestDb;
let transport: Transport;
let inventory: Inventory;
const actor = { username: 'olga', via: 'session' as const, address: '127.0.0.1' };

const uncredited = { kernelRelease: '5.10.0-30-amd64', rngQuality: 0, rngd: false, haveged: false };

beforeAll(async () => {
  lab = await startLab({
    hosts: [
      {
        name: 'kvm-g',
        guests: [
          { name: 'deb-guest', ...uncredited, recordCommands: true },
          {
            name: 'el-guest',
            ...uncredited,
            kernelRelease: '4.18.0-513.5.1.el8_9.x86_64',
            osRelease: { id: 'rocky', idLike: ['rhel', 'centos', 'fedora'] },
            recordCommands: true,
          },
          { name: 'sel-guest', rngCurrent: 'none', recordCommands: true },
          { name: 'fail-guest', ...uncredited, recordCommands: true },
        ],
      },
    ],
  });
  const base = loadInventory({ configPath: lab.inventoryPath });
  // The monitoring account is one sshd does not know: an apply that used it could not log in.
  inventory = {
    ...base,
    targets: base.targets.map((t) => ({
      ...t,
      user: 'monitor-readonly',
      remediation: { user: 'root', identityFile: lab.clientKeyPath },
    })),
  };
  testDb = await freshDb('ew-guest-apply-db-');
  transport = createTransport({ agentSocket: () => undefined });
}, 180_000);

afterAll(async () => {
  await transport?.close();
  await lab?.stop();
  await testDb?.cleanup();
});

const deps = (): ApplyDeps => ({ db: testDb.db, inventory, transport, timeoutMs: 60_000 });
const dirOf = (name: string) => lab.targets.get(name)!.dir;
const sudoRecords = (name: string) => readRecordedCommands(dirOf(name)).filter((argv) => argv[0] === 'sudo');

/** Probes the guest for real, runs the check on it, and stores its finding as the collector would. */
async function findingFrom<F>(name: string, check: TypedCheck<F>): Promise<number> {
  const t = inventory.targets.find((x) => x.name === name)!;
  const conn: SshTargetConfig = { ...t, user: 'root' };
  const res = await transport.run(conn, buildProbeScript({ kind: 'guest', libvirtUri: null }), {
    timeoutMs: 60_000,
    maxBytes: 1 << 20,
  });
  if (!res.ok) throw new Error(res.error);
  const parsed = parseProbeOutput(res.stdout, 'guest');
  if (!parsed.ok) throw new Error(parsed.error);
  const ctx = context({ target: checkTarget({ name, kind: 'guest', observation: parsed.observation }) });
  const [hit] = check.evaluate(ctx);
  if (!hit) throw new Error(`${check.id} does not fire on ${name}`);
  const remediation = check.remediation(hit, ctx);
  const db = testDb.db;
  const row = await db.target.upsert({ where: { name }, update: {}, create: { name, kind: 'guest' } });
  const now = new Date();
  const f = await db.finding.create({
    data: {
      targetId: row.id,
      rule: check.id,
      severity: 'warning',
      state: 'open',
      summary: check.id,
      remediation: JSON.stringify(remediation),
      openedAt: now,
      updatedAt: now,
    },
  });
  return f.id;
}

async function previewAndApply(id: number) {
  const p = await previewGuestApply(deps(), id);
  if (!p.ok) throw new Error(p.error);
  const a = await applyGuestPlan(deps(), id, p.preview.planId, actor);
  if (!a.ok) throw new Error(a.error);
  return { preview: p.preview, outcome: a.outcome };
}

describe('guest-side apply over the remediation account', () => {
  it('Debian: installs rng-tools5 with apt-get and enables rngd, exactly the commands shown; the re-probe sees rngd', async () => {
    const id = await findingFrom('deb-guest', rngdNeeded);
    const { preview, outcome } = await previewAndApply(id);
    const expected = [
      'sudo -n apt-get update',
      'sudo -n apt-get install -y rng-tools5',
      'sudo -n systemctl enable --now rngd',
    ];
    expect(preview.commands).toEqual(expected);
    expect(preview.runAs).toBe('root');
    expect(sudoRecords('deb-guest').map((argv) => argv.join(' '))).toEqual(expected);
    expect(outcome).toMatchObject({ result: 'applied', verified: true });
    const audit = await testDb.db.auditEvent.findFirst({
      where: { action: 'remediation.apply', subject: { contains: `finding ${id}:` } },
    });
    expect(audit).toMatchObject({ ok: true, actor: 'olga' });
    expect(audit!.detail).toContain('[0] sudo -n apt-get install -y rng-tools5');
  });

  it('RHEL family (Rocky 8): yum install -y rng-tools and systemctl enable --now rngd', async () => {
    const id = await findingFrom('el-guest', rngdNeeded);
    const { outcome } = await previewAndApply(id);
    expect(sudoRecords('el-guest')).toEqual(
      rngdInstallCommands('rhel').map((c) => ['sudo', '-n', ...c.argv]),
    );
    expect(sudoRecords('el-guest').map((argv) => argv.join(' '))).toEqual([
      'sudo -n yum install -y rng-tools',
      'sudo -n systemctl enable --now rngd',
    ]);
    expect(outcome.result).toBe('applied');
  });

  it('selects virtio_rng.0: the real tee writes rng_current (the probe then reads it) and the tmpfiles.d line', async () => {
    const id = await findingFrom('sel-guest', rngNotSelected);
    const { preview, outcome } = await previewAndApply(id);
    expect(preview.commands).toEqual([
      `printf '%s\\n' virtio_rng.0 | sudo -n tee ${RNG_CURRENT} >/dev/null`,
      `printf '%s\\n' 'w ${RNG_CURRENT} - - - - virtio_rng.0' | sudo -n tee ${HWRNG_TMPFILES} >/dev/null`,
    ]);
    expect(sudoRecords('sel-guest')).toEqual([
      ['sudo', '-n', 'tee', RNG_CURRENT],
      ['sudo', '-n', 'tee', HWRNG_TMPFILES],
    ]);
    expect(lab.fixture('sel-guest').rngCurrent).toBe('none'); // the lab's record; the file changed
    expect((await lab.exec('sel-guest', `cat ${RNG_CURRENT}`)).stdout).toBe('virtio_rng.0\n');
    expect(writtenEtcFile(dirOf('sel-guest'), HWRNG_TMPFILES)).toBe(
      `w ${RNG_CURRENT} - - - - virtio_rng.0\n`,
    );
    expect(outcome).toMatchObject({ result: 'applied', verified: true });
  });

  it('stops at the first failing command, runs nothing after it, reports failed and audits ok=false', async () => {
    setToolFails(dirOf('fail-guest'), 'apt-get', true);
    const id = await findingFrom('fail-guest', rngdNeeded);
    const { outcome } = await previewAndApply(id);
    expect(outcome.result).toBe('failed');
    expect(outcome.steps).toHaveLength(1);
    expect(outcome.steps[0]).toMatchObject({ command: 'sudo -n apt-get update', exitCode: 100 });
    expect(outcome.output).toContain('failing as the lab asked');
    expect(sudoRecords('fail-guest').map((a) => a.join(' '))).toEqual(['sudo -n apt-get update']);
    const audit = await testDb.db.auditEvent.findFirst({
      where: { action: 'remediation.apply', subject: { contains: `finding ${id}:` } },
    });
    expect(audit).toMatchObject({ ok: false });
  });

  it('refuses a plan id that does not match the commands, running nothing', async () => {
    const id = await findingFrom('fail-guest', rngdNeeded);
    const before = readRecordedCommands(dirOf('fail-guest')).length;
    const r = await applyGuestPlan(deps(), id, '0'.repeat(32), actor);
    expect(r).toMatchObject({ ok: false, status: 409 });
    expect(readRecordedCommands(dirOf('fail-guest'))).toHaveLength(before);
  });
});
