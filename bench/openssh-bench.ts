// The same probe run with OpenSSH's client over the same targets, fanned out by `xargs -P` the way
// parallel-ssh would: once with a new connection per target (plain ssh), once through
// ControlMaster connections opened beforehand. Each run's output is checked afterwards (outside
// the timing): a run counts only if every target printed a whole probe report.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SshTargetConfig } from '../lib/inventory/types';
import { shellQuote } from '../lib/checks/remedy/shell-quote';
import { buildProbeScript } from '../lib/probe/script';
import { spread, type Spread } from './stats';

export interface OpenSshRun {
  wallMs: number;
  /** targets whose output ended with EW-END */
  ok: number;
  failed: string[];
}

export interface OpenSshMode {
  parallel: number;
  runs: OpenSshRun[];
  wallMs: Spread;
}

export interface OpenSshResult {
  plain: OpenSshMode[];
  controlMaster: { setupMs: number; modes: OpenSshMode[] } | null;
}

export interface OpenSshOptions {
  targets: SshTargetConfig[];
  parallel: number[];
  runs: number;
  log: (line: string) => void;
}

/** A bench work area plus the ControlMaster processes it started; cleanup() ends them and removes it. */
export class OpenSshBench {
  // Short: a ControlPath must fit in a unix socket path (108 bytes).
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-ssh-'));
  private masters: ChildProcess[] = [];
  private running: ChildProcess | null = null;

  constructor(private readonly opts: OpenSshOptions) {
    if (opts.targets.length === 0) throw new Error('OpenSSH bench: no targets');
  }

  private sshBase(t: SshTargetConfig): string[] {
    if (!t.identityFile)
      throw new Error(`target ${t.name} has no identityFile; the bench needs the lab's key`);
    // prettier-ignore
    return [
      '-F', '/dev/null',
      '-o', 'BatchMode=yes',
      '-o', 'IdentitiesOnly=yes',
      '-i', t.identityFile,
      '-o', `UserKnownHostsFile=${t.knownHosts}`,
      '-o', 'GlobalKnownHostsFile=/dev/null',
      '-o', 'StrictHostKeyChecking=yes',
      '-o', 'LogLevel=ERROR',
      '-l', t.user,
    ];
  }

  private controlPath(t: SshTargetConfig): string {
    return path.join(this.dir, `cm-${t.port}`);
  }

  /** One line per target for xargs: PORT SCRIPT OUT [CONTROLPATH]; scripts are written once. */
  private jobs(mux: boolean, run: string): string {
    fs.mkdirSync(path.join(this.dir, run), { recursive: true });
    return this.opts.targets
      .map((t) => {
        const script = path.join(this.dir, `probe-${t.port}.sh`);
        if (!fs.existsSync(script))
          fs.writeFileSync(script, buildProbeScript({ kind: t.kind, libvirtUri: t.libvirtUri }));
        const out = path.join(this.dir, run, `${t.port}.out`);
        return [t.port, script, out, ...(mux ? [this.controlPath(t)] : [])].join(' ');
      })
      .join('\n');
  }

  /** Runs the probe on every target through xargs -P and times the whole fan-out. */
  private async fanOut(parallel: number, mux: boolean, run: string): Promise<OpenSshRun> {
    const first = this.opts.targets[0]!;
    const base = this.sshBase(first).map(shellQuote).join(' ');
    const muxOpts = mux ? `-o ControlMaster=no -o ControlPath="$4"` : '';
    const cmd = `exec ssh ${base} ${muxOpts} -p "$1" ${shellQuote(first.address)} '/bin/sh -s' <"$2" >"$3" 2>&1`;
    const input = this.jobs(mux, run);
    const t0 = performance.now();
    await this.spawnWait(
      'xargs',
      ['-P', String(parallel), '-n', mux ? '4' : '3', 'sh', '-c', cmd, 'sh'],
      input,
      [0, 123],
    );
    const wallMs = performance.now() - t0;
    const failed: string[] = [];
    for (const t of this.opts.targets) {
      const out = fs.readFileSync(path.join(this.dir, run, `${t.port}.out`), 'utf8');
      if (!out.startsWith('EW-PROBE ') || !out.trimEnd().endsWith('EW-END')) {
        failed.push(`${t.name}: ${out.trim().split('\n').slice(-1)[0]?.slice(0, 120) ?? '(no output)'}`);
      }
    }
    return { wallMs, ok: this.opts.targets.length - failed.length, failed };
  }

  private spawnWait(cmd: string, args: string[], input: string, okCodes: number[]): Promise<void> {
    return new Promise((resolve, reject) => {
      // Its own process group, so cleanup() can end xargs and the ssh clients it started together.
      const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
      this.running = child;
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('error', reject);
      child.once('exit', (code) => {
        this.running = null;
        if (code !== null && okCodes.includes(code)) resolve();
        else reject(new Error(`${cmd} exited ${code}: ${stderr.trim().slice(0, 500)}`));
      });
      child.stdin.end(input);
    });
  }

  private async modes(mux: boolean): Promise<OpenSshMode[]> {
    const modes: OpenSshMode[] = [];
    for (const parallel of this.opts.parallel) {
      const runs: OpenSshRun[] = [];
      for (let i = 0; i < this.opts.runs; i++) {
        const r = await this.fanOut(parallel, mux, `${mux ? 'mux' : 'plain'}-p${parallel}-${i}`);
        this.opts.log(
          `  openssh ${mux ? 'ControlMaster' : 'plain'} -P ${parallel} run ${i + 1}: ${Math.round(r.wallMs)} ms, ${r.ok} ok`,
        );
        runs.push(r);
      }
      modes.push({ parallel, runs, wallMs: spread(runs.map((r) => r.wallMs)) });
    }
    return modes;
  }

  /**
   * ControlMaster connections, one per target, started from this process in the foreground
   * (`ssh -M -N`) so that we hold their PIDs and reap them: a ControlPersist master daemonizes and
   * would be orphaned (this machine's PID 1 does not reap). Resolves when every control socket exists.
   */
  private async openMasters(): Promise<number> {
    const t0 = performance.now();
    for (const t of this.opts.targets) {
      const args = [
        ...this.sshBase(t),
        '-M',
        '-N',
        '-n',
        '-o',
        `ControlPath=${this.controlPath(t)}`,
        '-p',
        String(t.port),
        t.address,
      ];
      const child = spawn('ssh', args, { stdio: ['ignore', 'ignore', 'ignore'] });
      child.once('error', () => undefined);
      this.masters.push(child);
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      const missing = this.opts.targets.filter((t) => !fs.existsSync(this.controlPath(t)));
      if (missing.length === 0) return performance.now() - t0;
      const dead = this.masters.filter((m) => m.exitCode !== null || m.signalCode !== null).length;
      if (dead > 0 || Date.now() > deadline) {
        throw new Error(
          `ControlMaster: ${missing.length} control socket(s) missing (first: ${missing[0]!.name}), ${dead} master(s) exited`,
        );
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Plain ssh first, then ControlMaster (masters opened first, outside the timing). */
  async run(): Promise<OpenSshResult> {
    const plain = await this.modes(false);
    this.opts.log(`  opening ${this.opts.targets.length} ControlMaster connections...`);
    const setupMs = await this.openMasters();
    const controlMaster = { setupMs, modes: await this.modes(true) };
    return { plain, controlMaster };
  }

  /** Ends the masters and any running fan-out (by PID), then removes the work area. */
  async cleanup(): Promise<void> {
    const fan = this.running;
    if (fan?.pid !== undefined && fan.exitCode === null) {
      try {
        process.kill(-fan.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    const all = [...this.masters, ...(fan ? [fan] : [])];
    const exits = all
      .filter((c) => c.exitCode === null && c.signalCode === null)
      .map((c) => {
        const exited = new Promise<void>((r) => c.once('exit', () => r()));
        c.kill('SIGTERM');
        return exited;
      });
    await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, 5_000))]);
    for (const c of all) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    this.masters = [];
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
