// What one probe run costs inside a lab target, without SSH: the CPU of its whole process tree, read
// from a cgroup the probe's shell joins before it starts (so every fork, lsof, virsh and gzip is
// counted, and nothing else: the namespace's sshd and qemu-like processes stay outside), the wall
// time, and, in a separate traced run, how many processes it forks and how many programs it runs.
import fs from 'node:fs';
import path from 'node:path';
import { shellQuote } from '../lib/checks/remedy/shell-quote';
import type { Lab } from '../test/lab/types';

export interface CpuUsage {
  /** user+sys of every task in the group, ns (the kernel's precise sum) */
  totalNs: number;
  /** the kernel's user/sys split (tick-sampled, so only indicative for a short run) */
  userNs: number;
  sysNs: number;
}

/** A cgroup of our own that counts CPU: v1 cpuacct, or v2 (cpu.stat exists in every v2 group). */
export interface CpuGroup {
  dir: string;
  read(): CpuUsage;
  remove(): void;
}

const V1 = '/sys/fs/cgroup/cpuacct';
const V2_CANDIDATES = ['/sys/fs/cgroup', '/sys/fs/cgroup/unified'];

const readNs = (file: string) => Number(fs.readFileSync(file, 'utf8').trim());

/** Creates the cgroup (needs root); the error says which hierarchy was missing. */
export function openCpuGroup(name: string): CpuGroup {
  if (fs.existsSync(path.join(V1, 'cpuacct.usage'))) {
    const dir = path.join(V1, name);
    fs.mkdirSync(dir, { recursive: true });
    return {
      dir,
      read: () => ({
        totalNs: readNs(path.join(dir, 'cpuacct.usage')),
        userNs: readNs(path.join(dir, 'cpuacct.usage_user')),
        sysNs: readNs(path.join(dir, 'cpuacct.usage_sys')),
      }),
      remove: () => fs.rmdirSync(dir),
    };
  }
  const root = V2_CANDIDATES.find((d) => fs.existsSync(path.join(d, 'cgroup.controllers')));
  if (!root) {
    throw new Error(
      `no cgroup hierarchy counts CPU here (neither ${V1}/cpuacct.usage nor a cgroup2 mount at ${V2_CANDIDATES.join(' or ')}): run the bench on Linux as root`,
    );
  }
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  return {
    dir,
    read: () => {
      const stat = fs.readFileSync(path.join(dir, 'cpu.stat'), 'utf8');
      const field = (k: string) => Number(new RegExp(`^${k} (\\d+)$`, 'm').exec(stat)?.[1] ?? NaN) * 1000;
      return { totalNs: field('usage_usec'), userNs: field('user_usec'), sysNs: field('system_usec') };
    },
    remove: () => fs.rmdirSync(dir),
  };
}

export interface RunCost {
  cpuMs: number;
  userMs: number;
  sysMs: number;
  wallMs: number;
  outputBytes: number;
}

function checkOutput(target: string, res: { code: number | null; stdout: string; stderr: string }): void {
  if (res.code !== 0 || !res.stdout.trimEnd().endsWith('EW-END')) {
    throw new Error(
      `the probe failed in ${target} (exit ${res.code}): ${res.stderr.trim().slice(0, 300) || res.stdout.slice(-300)}`,
    );
  }
}

/**
 * Runs the script at scriptPath once in the target with `/bin/sh -s` (as the SSH transport does),
 * its shell first moving itself into the group. Wall time includes nsenter's start (a few ms, the
 * same for every script).
 */
export async function measureRun(
  lab: Lab,
  target: string,
  scriptPath: string,
  group: CpuGroup,
): Promise<RunCost> {
  const procs = shellQuote(path.join(group.dir, 'cgroup.procs'));
  const command = `echo 0 >${procs} && exec /bin/sh -s <${shellQuote(scriptPath)}`;
  const before = group.read();
  const t0 = performance.now();
  const res = await lab.exec(target, command);
  const wallMs = performance.now() - t0;
  const after = group.read();
  checkOutput(target, res);
  return {
    cpuMs: (after.totalNs - before.totalNs) / 1e6,
    userMs: (after.userNs - before.userNs) / 1e6,
    sysMs: (after.sysNs - before.sysNs) / 1e6,
    wallMs,
    outputBytes: Buffer.byteLength(res.stdout),
  };
}

export interface ProcessCount {
  /** fork/vfork/clone calls that made a process (threads excluded), the probe's shell not counted */
  forks: number;
  /** successful execve calls: programs run (the probe's own /bin/sh not counted) */
  execs: number;
  /** basename of each program run, with counts */
  programs: Record<string, number>;
}

/** Pure: counts forks and execs in `strace -f -e trace=execve,fork,vfork,clone,clone3` output. */
export function countTrace(trace: string): ProcessCount {
  let forks = 0;
  const pending = new Map<string, string>();
  const programs: Record<string, number> = {};
  const ran = (pid: string, file: string) => {
    const name = path.basename(file);
    programs[name] = (programs[name] ?? 0) + 1;
    pending.delete(pid);
  };
  for (const line of trace.split('\n')) {
    const m = /^(\d+) +(.*)$/.exec(line);
    if (!m) continue;
    const [, pid, rest] = m as unknown as [string, string, string];
    if (/^(clone3?|v?fork)\(/.test(rest)) {
      if (!rest.includes('CLONE_THREAD')) forks += 1;
      continue;
    }
    const exec = /^execve\("((?:[^"\\]|\\.)*)"/.exec(rest);
    if (exec) {
      if (/ = 0$/.test(rest)) ran(pid, exec[1]!);
      else if (rest.endsWith('<unfinished ...>')) pending.set(pid, exec[1]!);
      continue;
    }
    if (/^<\.\.\. execve resumed>.* = 0$/.test(rest)) {
      const file = pending.get(pid);
      if (file !== undefined) ran(pid, file);
    }
  }
  // The first exec is strace starting the probe's own shell.
  const execs = Object.values(programs).reduce((a, b) => a + b, 0) - 1;
  const sh = Object.keys(programs).find((p) => p === 'sh' || p === 'dash');
  if (sh) programs[sh] = programs[sh]! - 1;
  for (const [k, v] of Object.entries(programs)) if (v === 0) delete programs[k];
  return { forks, execs, programs };
}

/** One traced run (strace slows it down, so it is never timed). */
export async function countProcesses(
  lab: Lab,
  target: string,
  scriptPath: string,
  traceFile: string,
): Promise<ProcessCount> {
  // prettier-ignore
  const command = [
    'exec strace -f -qq -e signal=none -e trace=execve,fork,vfork,clone,clone3', '-o', shellQuote(traceFile),
    '/bin/sh -s <', shellQuote(scriptPath),
  ].join(' ');
  const res = await lab.exec(target, command);
  checkOutput(target, res);
  const counts = countTrace(fs.readFileSync(traceFile, 'utf8'));
  fs.rmSync(traceFile, { force: true });
  return counts;
}
