// startLab: real hosts and guests on one machine. Each target is an sshd on 127.0.0.1 in its own
// mount+uts+pid namespace whose /proc, /sys, /etc, /dev and uname show the target's fixture; hosts
// also run qemu-like holders of /dev/random and get a libvirt test-driver node file as libvirtUri.
// The lab writes an inventory and a pinned known_hosts for the collector, and stop() (or process
// exit) removes every trace. Needs root. Layout of the lab directory: see lab-files.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { domainXml } from './domain-xml';
import { buildTargets, holderProblems, PATCH_KEYS, type BuiltTargets } from './lab-spec';
import { labPaths, prepareShared, setHwrng, writeFixture, type LabPaths } from './lab-files';
import { writeLabInventory } from './lab-inventory';
import { checkMachine } from './machine';
import { LabKeys } from './keys';
import { killQuietly } from '../support/processes';
import { nsenterSh } from './processes';
import { releasePort, reservePort } from '../support/ports';
import { generateKey } from '../support/keys';
import { sshdHasPenalties } from '../support/sshd';
import {
  isRunning,
  restartProcesses,
  startTarget,
  stopTarget,
  type RuntimeContext,
  type TargetRecord,
  writeTargetFiles,
} from './target-runtime';
import type {
  ExecOutput,
  FixturePatch,
  Lab,
  LabSpec,
  LabTarget,
  TargetBehavior,
  TargetFixture,
} from './types';

export { domainXml };
export { defaultFixture } from './fixture-files';
export type * from './types';

const START_CONCURRENCY = 24;

/** Starts every target of `spec` and resolves once all of them accept connections. */
export async function startLab(spec: LabSpec, opts: { dir?: string } = {}): Promise<Lab> {
  checkMachine();
  const built = buildTargets(spec);
  const dir = makeLabDir(opts.dir);
  const lab = new RunningLab(labPaths(dir), built);
  try {
    await lab.boot();
    return lab;
  } catch (e) {
    await lab.stop();
    throw e;
  }
}

function makeLabDir(requested: string | undefined): string {
  const check = (dir: string) => {
    // sshd_config and the init scripts name these paths unquoted or in single quotes.
    if (/[\s'"\\#]/.test(dir))
      throw new Error(`lab dir "${dir}" must not contain spaces, quotes, "\\" or "#"`);
  };
  let dir: string;
  if (requested) {
    dir = path.resolve(requested);
    check(dir);
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
      throw new Error(
        `lab dir ${dir} is not empty: the lab deletes its dir when it stops, so give a new or empty one`,
      );
    }
    fs.mkdirSync(dir, { recursive: true });
  } else {
    check(os.tmpdir());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-lab-'));
  }
  return dir;
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const errors: unknown[] = [];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      await fn(item).catch((e: unknown) => errors.push(e));
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}

class RunningLab implements Lab {
  readonly dir: string;
  readonly inventoryPath: string;
  readonly knownHostsPath: string;
  readonly clientKeyPath: string;
  readonly targets = new Map<string, LabTarget>();
  private readonly records = new Map<string, TargetRecord>();
  private readonly keys: LabKeys;
  private ctx: RuntimeContext | null = null;
  private stopping: Promise<void> | null = null;
  private readonly onExit = () => this.killNow();

  constructor(
    private readonly paths: LabPaths,
    private readonly built: BuiltTargets,
  ) {
    this.dir = paths.dir;
    this.inventoryPath = paths.inventory;
    this.knownHostsPath = paths.knownHosts;
    this.clientKeyPath = paths.clientKey;
    this.keys = new LabKeys(paths.keys);
    process.on('exit', this.onExit);
  }

  async boot(): Promise<void> {
    fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    await prepareShared(this.paths);
    const clientPub = await generateKey(this.paths.clientKey, { comment: 'entropy-watch-lab-client' });
    fs.writeFileSync(this.paths.authorizedKeys, `${clientPub}\n`, { mode: 0o600 });
    this.ctx = { paths: this.paths, keyDir: (k) => this.keys.dir(k), penalties: await sshdHasPenalties() };
    let index = 0;
    for (const spec of this.built.targets) {
      index += 1;
      const slug = `${String(index).padStart(3, '0')}-${spec.info.name.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 40)}`;
      const port = await reservePort();
      const record: TargetRecord = {
        ...spec,
        info: { ...spec.info, port, dir: path.join(this.paths.targets, slug), libvirtUri: null },
        running: null,
        initPid: null,
      };
      if (record.info.kind === 'host') {
        const nodeFile = path.join(record.info.dir, 'node.xml');
        record.info.libvirtUri = `test://${record.domains === null ? this.paths.emptyNode : nodeFile}`;
      }
      this.records.set(record.info.name, record);
      this.targets.set(record.info.name, record.info);
    }
    const keyNames = [...this.records.values()].flatMap((t) => [
      t.fixture.hostKey,
      ...(t.pinnedKey ? [t.pinnedKey] : []),
    ]);
    await this.keys.ensure(keyNames);
    for (const t of this.records.values()) {
      writeTargetFiles(this.requireCtx(), t);
      this.writeNode(t);
    }
    await inBatches(
      [...this.records.values()].filter((t) => t.autostart),
      START_CONCURRENCY,
      (t) => this.startFresh(t),
    );
    this.writeKnownHosts();
    writeLabInventory(this.paths, this.built, this.records);
  }

  /** First start: if another process took the port since we picked it, pick another (nobody knows it yet). */
  private async startFresh(t: TargetRecord): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await startTarget(this.requireCtx(), t);
        return;
      } catch (e) {
        if (attempt >= 3 || !/Address already in use|EADDRINUSE|Cannot bind/.test(String(e))) throw e;
        await stopTarget(t);
        releasePort(t.info.port);
        t.info.port = await reservePort();
      }
    }
  }

  private requireCtx(): RuntimeContext {
    if (!this.ctx || this.stopping) throw new Error(`lab ${this.dir} is stopped`);
    return this.ctx;
  }

  private record(name: string): TargetRecord {
    this.requireCtx();
    const t = this.records.get(name);
    if (!t)
      throw new Error(`no lab target named "${name}" (targets: ${[...this.records.keys()].join(', ')})`);
    return t;
  }

  private writeNode(t: TargetRecord): void {
    if (t.info.kind !== 'host' || t.domains === null) return;
    fs.writeFileSync(path.join(t.info.dir, 'node.xml'), this.built.nodeXml(t.domains));
  }

  private writeKnownHosts(): void {
    const lines = [...this.records.values()]
      .filter((t) => t.pinnedKey !== null)
      // A guest reached via its host is pinned under the jump host's name (lib/transport knownHostsName).
      .map((t) => {
        const name = `[127.0.0.1]:${t.info.port}`;
        const pinned = t.via && t.info.hostName ? `${t.info.hostName}/${name}` : name;
        return `${pinned} ${this.keys.publicKey(t.pinnedKey as string)}`;
      });
    const tmp = `${this.paths.knownHosts}.tmp`;
    fs.writeFileSync(tmp, lines.length > 0 ? `${lines.join('\n')}\n` : '', { mode: 0o600 });
    fs.renameSync(tmp, this.paths.knownHosts);
  }

  fixture(name: string): TargetFixture {
    return structuredClone(this.record(name).fixture);
  }

  async setFixture(name: string, patch: FixturePatch): Promise<void> {
    const t = this.record(name);
    const { domains, holders, ...fields } = patch;
    const unknown = Object.keys(patch).filter((k) => !PATCH_KEYS.includes(k));
    if (unknown.length > 0) {
      throw new Error(
        `setFixture("${name}"): unknown field(s) ${unknown.join(', ')}; known: ${PATCH_KEYS.join(', ')}`,
      );
    }
    if ((domains || holders) && t.info.kind !== 'host') {
      throw new Error(`"${name}" is a guest: domains and holders belong to its host "${t.info.hostName}"`);
    }
    if (domains && t.domains === null) {
      throw new Error(
        `"${name}" is an extra listed as a host with the lab's empty libvirt node; ` +
          'to give it domains, declare it in spec.hosts instead',
      );
    }
    const holderIssues = holderProblems(holders ?? []);
    if (holderIssues.length > 0) throw new Error(`setFixture("${name}"): ${holderIssues.join('; ')}`);
    const before = t.fixture;
    const next: TargetFixture = { ...before, ...(fields as Partial<TargetFixture>) };
    this.built.validate(name, next);
    t.fixture = next;
    writeFixture(t.info.dir, next);
    setHwrng(path.join(t.info.dir, 'dev'), next.hwrng);
    if (domains) {
      t.domains = domains;
      this.writeNode(t);
    }
    const holdersChanged = holders !== undefined && JSON.stringify(holders) !== JSON.stringify(t.holders);
    if (holders) t.holders = holders;
    if (next.hostKey !== before.hostKey) {
      await this.keys.ensure([next.hostKey]);
      t.pinnedKey = next.hostKey;
      this.writeKnownHosts();
      await this.restart(t);
      return;
    }
    if (holdersChanged || next.rngd !== before.rngd || next.haveged !== before.haveged) {
      // Keep init.sh in step so a later restart starts the same processes.
      writeTargetFiles(this.requireCtx(), t);
      await restartProcesses(this.requireCtx(), t);
    }
  }

  private async restart(t: TargetRecord): Promise<void> {
    const wasRunning = isRunning(t);
    await stopTarget(t);
    if (wasRunning) await startTarget(this.requireCtx(), t);
  }

  async stopTarget(name: string): Promise<void> {
    await stopTarget(this.record(name));
  }

  async startTarget(name: string): Promise<void> {
    await startTarget(this.requireCtx(), this.record(name));
  }

  async rotateHostKey(name: string): Promise<void> {
    const t = this.record(name);
    const key = `${name}#rotated-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    await this.keys.ensure([key]);
    t.fixture = { ...t.fixture, hostKey: key };
    await this.restart(t);
  }

  pinHostKey(name: string): void {
    const t = this.record(name);
    t.pinnedKey = t.fixture.hostKey;
    t.pin = 'current';
    this.writeKnownHosts();
  }

  async setBehavior(name: string, behavior: TargetBehavior): Promise<void> {
    const t = this.record(name);
    if (t.info.behavior === behavior) return;
    const wasRunning = isRunning(t);
    await stopTarget(t);
    t.info.behavior = behavior;
    if (wasRunning) await startTarget(this.requireCtx(), t);
  }

  async exec(name: string, command: string): Promise<ExecOutput> {
    const t = this.record(name);
    if (!isRunning(t) || t.initPid === null) {
      throw new Error(`lab target "${name}" has no running namespace (stopped, or behavior "hang")`);
    }
    return nsenterSh(t.initPid, command);
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    await Promise.all([...this.records.values()].map((t) => stopTarget(t).catch(() => undefined)));
    for (const t of this.records.values()) releasePort(t.info.port);
    fs.rmSync(this.dir, { recursive: true, force: true });
    process.off('exit', this.onExit);
  }

  /** Process exit: nothing can be awaited, so kill everything and remove the directory now. */
  private killNow(): void {
    for (const t of this.records.values()) {
      killQuietly(t.initPid);
      if (t.initPid === null) killQuietly(t.running?.pid);
    }
    try {
      fs.rmSync(this.dir, { recursive: true, force: true });
    } catch {
      // best effort at exit
    }
  }
}
