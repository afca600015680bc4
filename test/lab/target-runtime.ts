// One lab target's life: write its files, start it (sshd in namespaces, or a hang listener), wait
// until it accepts connections, change its processes live, stop it.
import fs from 'node:fs';
import path from 'node:path';
import { type LabPaths, logTail, prepareDev, writeFixture } from './lab-files';
import { hostnameFor, initScript, processStartLines, type ProcessSet } from './namespace-script';
import {
  delay,
  namespaceInitPid,
  namespaceProcesses,
  nsenterSh,
  type Running,
  spawnHangListener,
  spawnNamespace,
  stopRunning,
  tcpAccepts,
} from './processes';
import { sshdConfig } from '../support/sshd';
import { garbageConfig } from './sshd';
import type { HostKeyPin, LabHolderSpec, LabTarget, TargetFixture } from './types';
import { writeCommandShims } from './command-shims';
import { writePveFiles, type LabProxmoxSpec } from './pve';

/** Everything the lab knows about one target. */
export interface TargetRecord {
  info: LabTarget;
  fixture: TargetFixture;
  holders: LabHolderSpec[];
  /** hosts: domain XMLs of the node file; null: the lab's empty node (extras listed as hosts) */
  domains: string[] | null;
  /** guests: reach through the host (`via` in the inventory) */
  via: boolean;
  pin: HostKeyPin;
  /** key name known_hosts pins for this target; null: not in known_hosts */
  pinnedKey: string | null;
  /** start with the lab (false: stopped until startTarget) */
  autostart: boolean;
  /** hosts that are Proxmox VE nodes (./pve.ts); null otherwise */
  proxmox: LabProxmoxSpec | null;
  /** plain QEMU hosts: virsh hidden */
  noVirsh: boolean;
  /** sudo and package managers record their argv (./command-shims.ts) */
  recordCommands: boolean;
  running: Running | null;
  initPid: number | null;
}

export interface RuntimeContext {
  paths: LabPaths;
  /** directory of a key by key name (generated before any target starts) */
  keyDir(keyName: string): string;
  penalties: boolean;
}

const READY_TIMEOUT_MS = 60_000;

/** comm of each kind of lab process (what /proc/PID/comm and lsof show). */
const COMM = { holder: 'qemu-system-x86', rngd: 'rngd', haveged: 'haveged' } as const;
/** Proxmox VE's QEMU runs as "kvm" (./pve.ts): a holder too. */
const KVM_COMM = 'kvm';

export function processSet(t: TargetRecord): ProcessSet {
  return {
    holders: t.info.kind === 'host' ? t.holders : [],
    rngd: t.fixture.rngd,
    haveged: t.fixture.haveged,
  };
}

/** Writes the target's fixture files, /dev, node file and sshd config. */
export function writeTargetFiles(ctx: RuntimeContext, t: TargetRecord): void {
  const dir = t.info.dir;
  fs.mkdirSync(dir, { recursive: true });
  writeFixture(dir, t.fixture);
  if (t.proxmox) writePveFiles(dir, t.proxmox);
  if (t.recordCommands) writeCommandShims(dir, ctx.paths.bin);
  prepareDev(ctx.paths, path.join(dir, 'dev'), t.fixture.hwrng);
  const keyDir = ctx.keyDir(t.fixture.hostKey);
  fs.writeFileSync(
    path.join(dir, 'sshd_config'),
    sshdConfig({
      port: t.info.port,
      hostKeyFile: path.join(keyDir, 'ssh_host_ed25519_key'),
      authorizedKeysFile: ctx.paths.authorizedKeys,
      noPenalties: ctx.penalties,
      extra: garbageConfig(t.info.behavior === 'garbage'),
    }),
  );
  fs.writeFileSync(
    path.join(dir, 'init.sh'),
    initScript({
      hostname: hostnameFor(t.info.name),
      targetDir: dir,
      keyDir,
      homeDir: ctx.paths.home,
      binDir: ctx.paths.bin,
      processes: processSet(t),
      proxmox: t.proxmox !== null,
      noVirsh: t.noVirsh,
      recordCommands: t.recordCommands,
    }),
  );
}

/** Starts the target and resolves once its port accepts connections (and its processes run). */
export async function startTarget(ctx: RuntimeContext, t: TargetRecord): Promise<void> {
  if (t.running && !t.running.hasExited()) return;
  const port = t.info.port;
  if (t.info.behavior === 'hang') {
    fs.mkdirSync(t.info.dir, { recursive: true });
    const log = path.join(t.info.dir, 'hang.log');
    const r = spawnHangListener(port, `${t.info.dir} ${t.info.name}`, log);
    t.running = r;
    t.initPid = null;
    t.info.pid = r.pid;
    await waitUntil(
      `hang listener of "${t.info.name}" on port ${port}`,
      r,
      async () => tcpAccepts(port),
      () => logTail(log),
    );
    return;
  }
  writeTargetFiles(ctx, t);
  const log = path.join(t.info.dir, 'sshd.log');
  const r = spawnNamespace(path.join(t.info.dir, 'init.sh'), log);
  t.running = r;
  t.initPid = null;
  t.info.pid = r.pid;
  const listening = `Server listening on 127.0.0.1 port ${port}.`;
  await waitUntil(
    `sshd of "${t.info.name}" on port ${port}`,
    r,
    async () => fs.readFileSync(log, 'utf8').includes(listening) && (await tcpAccepts(port)),
    () => logTail(log),
  );
  t.initPid = namespaceInitPid(r.pid);
  if (t.initPid === null)
    throw new Error(`namespace of "${t.info.name}" has no PID 1 (unshare pid ${r.pid})`);
  await waitForProcesses(t);
}

async function waitUntil(
  what: string,
  r: Running,
  ready: () => Promise<boolean>,
  diagnostics: () => string,
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (let wait = 10; ; wait = Math.min(wait * 1.5, 100)) {
    if (r.hasExited()) throw new Error(`${what} exited before accepting connections: ${diagnostics()}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${what} did not accept connections within ${READY_TIMEOUT_MS / 1000} s: ${diagnostics()}`,
      );
    }
    await delay(wait);
  }
}

/** Stops the target; its port refuses connections when this resolves. */
export async function stopTarget(t: TargetRecord): Promise<void> {
  if (t.running) await stopRunning(t.running, t.initPid);
  t.running = null;
  t.initPid = null;
  t.info.pid = null;
}

export function isRunning(t: TargetRecord): boolean {
  return t.running !== null && !t.running.hasExited();
}

function countProcesses(initPid: number): Record<keyof typeof COMM, number> {
  const procs = namespaceProcesses(initPid);
  const count = (comm: string) => procs.filter((p) => p.comm === comm).length;
  return {
    holder: count(COMM.holder) + count(KVM_COMM),
    rngd: count(COMM.rngd),
    haveged: count(COMM.haveged),
  };
}

/** Waits until the namespace runs exactly the holders/rngd/haveged the fixture asks for. */
async function waitForProcesses(t: TargetRecord): Promise<void> {
  if (t.initPid === null) return;
  const want = processSet(t);
  const expected = { holder: want.holders.length, rngd: want.rngd ? 1 : 0, haveged: want.haveged ? 1 : 0 };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const got = countProcesses(t.initPid);
    if (got.holder === expected.holder && got.rngd === expected.rngd && got.haveged === expected.haveged)
      return;
    if (Date.now() > deadline) {
      throw new Error(
        `target "${t.info.name}": expected processes ${JSON.stringify(expected)}, found ${JSON.stringify(got)}`,
      );
    }
    await delay(20);
  }
}

/** Replaces the running target's holders/rngd/haveged with what its fixture now asks for. */
export async function restartProcesses(ctx: RuntimeContext, t: TargetRecord): Promise<void> {
  if (!isRunning(t) || t.initPid === null) return;
  const kill = new Set<string>([...Object.values(COMM), KVM_COMM]);
  for (const p of namespaceProcesses(t.initPid)) {
    if (kill.has(p.comm)) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
  // Wait for the old ones to be gone (sshd, PID 1 there, reaps them) before starting the new set.
  const deadline = Date.now() + 5000;
  while (namespaceProcesses(t.initPid).some((p) => kill.has(p.comm))) {
    if (Date.now() > deadline) throw new Error(`target "${t.info.name}": old processes did not exit`);
    await delay(20);
  }
  const lines = processStartLines(ctx.paths.bin, processSet(t));
  if (lines.length > 0) {
    const out = await nsenterSh(t.initPid, lines.join('\n'));
    if (out.code !== 0)
      throw new Error(`target "${t.info.name}": starting processes failed: ${out.stderr.trim()}`);
  }
  await waitForProcesses(t);
}
