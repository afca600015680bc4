// npm run bench:apply [-- --domains 100 --concurrency 4 --home-rc]  (4: the bulk runner's default)
// One fix (add a virtio-rng device: rng-device-missing) applied to N domains of one host through the bulk
// runner (lib/apply/bulk), as the dashboard does it: preview + validation of every domain, then define +
// read back (persistent and live) per domain, then the host probed again as the collector would poll it.
// Real parts: sshd on loopback (the remediation account's session), the tests' libvirtd with its QEMU
// driver (definitions persist), a migrated SQLite database. Prints the wall time and per-phase figures
// and writes bench/out/apply-100.json. Issue 12's target: under 30 s for 100 domains.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBulkApply } from '../lib/apply/bulk/execute';
import { previewBulk } from '../lib/apply/bulk/preview';
import type { ApplyDeps } from '../lib/apply/service';
import type { Remediation } from '../lib/checks/remedy/types';
import { pollTarget } from '../lib/collector/poll-target';
import type { Inventory, SshTargetConfig } from '../lib/inventory/types';
import { createTransport } from '../lib/transport';
import { generateKey } from '../test/support/keys';
import {
  defineDomain,
  removeDomain,
  tinyDomainXml,
  uniqueDomainName,
  useTestLibvirtd,
} from '../test/support/libvirtd';
import { startTestSshd } from '../test/support/sshd';
import { freshDb } from '../test/support/test-db';
import { spread } from './stats';

const { values } = parseArgs({
  options: {
    domains: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
    'home-rc': { type: 'boolean', default: false },
  },
});
const N = Number(values.domains);
const CONCURRENCY = Number(values.concurrency);
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(CONCURRENCY) || CONCURRENCY < 1 || CONCURRENCY > 16)
  throw new Error('usage: npm run bench:apply -- [--domains N (>= 1)] [--concurrency 1..16]');
const HOST = 'kvm-bench';
const TARGET_MS = 30_000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-bench-apply-'));
const names: string[] = [];
const libvirtd = useTestLibvirtd();
const key = path.join(dir, 'remedy_key');
// The remediation account here is root, whose ~/.bashrc on this machine runs `pyenv init` (bash reads it
// for every SSH command: ~300 ms a session). A remediation account has no such rc file; HOME points at an
// empty directory so that this machine's dotfiles are not what gets measured (--home-rc keeps them).
const home = path.join(dir, 'home');
fs.mkdirSync(home);
const sshd = await startTestSshd({
  dir: path.join(dir, 'sshd'),
  authorizedKeys: [await generateKey(key)],
  extraConfig: values['home-rc'] ? [] : [`SetEnv HOME=${home}`],
});
fs.writeFileSync(path.join(dir, 'known_hosts'), `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);
const testDb = await freshDb('ew-bench-apply-db-', 'sqlite');
const transport = createTransport({ agentSocket: () => undefined });
const now = () => performance.now();

try {
  // Setup (not timed): N shut-off TCG domains without an <rng>, one open finding each.
  const tSetup = now();
  for (let i = 0; i < N; i++) {
    const name = uniqueDomainName(`bench${i}`);
    defineDomain(dir, name, tinyDomainXml({ name }));
    names.push(name);
  }
  const host: SshTargetConfig = {
    name: HOST,
    kind: 'host',
    address: '127.0.0.1',
    port: sshd.port,
    user: 'root',
    identityFile: key,
    knownHosts: path.join(dir, 'known_hosts'),
    trustOnFirstUse: false,
    via: null,
    libvirtUri: libvirtd.uri,
    domain: null,
    hostName: null,
    remediation: { user: 'root', identityFile: key },
  };
  const inventory: Inventory = {
    source: null,
    intervalMs: 60_000,
    timeoutMs: 30_000,
    concurrency: 4,
    targets: [
      host,
      ...names.map((d): SshTargetConfig => ({
        ...host,
        name: d,
        kind: 'guest',
        libvirtUri: null,
        domain: d,
        hostName: HOST,
      })),
    ],
    webhooks: [],
    rules: undefined as never,
  };
  const db = testDb.db;
  const hostRow = await db.target.create({ data: { name: HOST, kind: 'host' } });
  const ids: number[] = [];
  for (const domain of names) {
    const t = await db.target.create({ data: { name: domain, kind: 'guest', hostId: hostRow.id, domain } });
    const remediation: Remediation = {
      summary: 's',
      reason: 'r',
      steps: [],
      restartRequired: false,
      apply: { kind: 'libvirt-domain', host: HOST, domain, edit: { op: 'add-rng' }, restartRequired: false },
    };
    const at = new Date();
    const f = await db.finding.create({
      data: {
        targetId: t.id,
        rule: 'rng-device-missing',
        severity: 'warning',
        state: 'open',
        summary: 'no rng',
        remediation: JSON.stringify(remediation),
        openedAt: at,
        updatedAt: at,
      },
    });
    ids.push(f.id);
  }
  const setupMs = now() - tSetup;
  const deps: ApplyDeps = { db, inventory, transport, timeoutMs: 120_000 };
  const actor = { username: 'bench', via: 'session' as const, address: null };

  // 1. Preview: read each persistent definition, edit, validate without storing.
  const t0 = now();
  const preview = await previewBulk(deps, ids, CONCURRENCY);
  if (!preview.ok) throw new Error(preview.error);
  if (!preview.preview.valid) {
    const bad = preview.preview.targets.filter((t) => !t.validation.ok);
    throw new Error(
      `validation failed on ${bad.length} domains, e.g. ${bad[0]?.domain}: ${bad[0]?.validation.output.slice(0, 500)}`,
    );
  }
  const planIds = Object.fromEntries(
    preview.preview.targets.map((t) => [String(t.findingId), t.planId ?? '']),
  );
  const t1 = now();

  // 2. Apply: the bulk runner (each target re-reads, re-checks its plan id, defines, reads back both definitions).
  const started = await startBulkApply(
    deps,
    { findingIds: ids, planIds, concurrency: CONCURRENCY, stopAfterFailures: N },
    actor,
  );
  if (!started.ok) throw new Error(started.error);
  await started.done;
  const t2 = now();

  // 3. Re-probe: the host's probe, exactly what the collector polls, must see an <rng> in every domain.
  const poll = await pollTarget(transport, host, 120_000);
  const t3 = now();
  const withRng = new Set(
    (poll.observation?.host?.domains ?? []).filter((d) => d.rngs.length > 0).map((d) => d.name),
  );
  const resolvedByProbe = names.filter((n) => withRng.has(n)).length;

  const run = await db.applyRun.findUniqueOrThrow({ where: { id: started.runId } });
  const targets = await db.applyRunTarget.findMany({ where: { runId: started.runId } });
  const steps = await db.applyRunStep.findMany({
    where: { target: { runId: started.runId } },
    select: { name: true, startedAt: true, finishedAt: true, state: true },
  });
  const byStep = new Map<string, number[]>();
  for (const s of steps) {
    if (!s.finishedAt) continue;
    const list = byStep.get(s.name) ?? [];
    list.push(s.finishedAt.getTime() - s.startedAt.getTime());
    byStep.set(s.name, list);
  }
  const states: Record<string, number> = {};
  for (const t of targets) states[t.state] = (states[t.state] ?? 0) + 1;
  const totalMs = t3 - t0;
  const result = {
    startedAt: new Date().toISOString(),
    domains: N,
    concurrency: CONCURRENCY,
    homeRc: values['home-rc'],
    machine: { cores: os.cpus().length, loadAvg: os.loadavg() },
    driver: 'bulk runner (lib/apply/bulk: previewBulk + startBulkApply)',
    setupMs: Math.round(setupMs),
    phasesMs: {
      previewAndValidate: Math.round(t1 - t0),
      apply: Math.round(t2 - t1),
      reprobe: Math.round(t3 - t2),
    },
    totalMs: Math.round(totalMs),
    targetMs: TARGET_MS,
    pass: totalMs < TARGET_MS && resolvedByProbe === N && (states.resolved ?? 0) === N,
    run: { state: run.state, maxInFlight: run.maxInFlight, note: run.note, targetStates: states },
    reprobe: { status: poll.status, error: poll.error, domainsWithRng: resolvedByProbe },
    perStepMs: Object.fromEntries([...byStep].map(([name, ms]) => [name, spread(ms)])),
  };
  fs.mkdirSync(path.join('bench', 'out'), { recursive: true });
  fs.writeFileSync(path.join('bench', 'out', 'apply-100.json'), `${JSON.stringify(result, null, 2)}\n`);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`apply one fix (add <rng>) to ${N} domains on one host, concurrency ${CONCURRENCY}`);
  console.log(`  setup (define ${N} domains + findings, not counted): ${s(setupMs)}`);
  console.log(`  preview + validation:  ${s(t1 - t0)}`);
  console.log(
    `  apply (define + read back): ${s(t2 - t1)}  run ${run.state}, ${JSON.stringify(states)}, max in flight ${run.maxInFlight}`,
  );
  console.log(
    `  re-probe of the host:  ${s(t3 - t2)}  (${poll.status}; ${resolvedByProbe}/${N} domains show the <rng>)`,
  );
  console.log(
    `  total wall time:       ${s(totalMs)}  (target < ${s(TARGET_MS)}: ${result.pass ? 'PASS' : 'FAIL'})`,
  );
  for (const [name, sp] of Object.entries(result.perStepMs))
    console.log(`  step ${name.padEnd(12)} ${JSON.stringify(sp)}`);
  console.log(`  written: bench/out/apply-100.json`);
} finally {
  for (const name of names) removeDomain(name);
  await transport.close();
  await sshd.stop();
  await testDb.cleanup();
  libvirtd.release();
  fs.rmSync(dir, { recursive: true, force: true });
}
