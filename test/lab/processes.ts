// Starting, finding and killing the lab's processes. Every long-lived process is a direct child of
// this Node process (unshare, or the hang listener): this machine's PID 1 does not reap orphans, so
// a namespace is stopped by killing its PID 1 first, letting unshare reap it and exit.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { killQuietly } from '../support/processes';
import type { ExecOutput } from './types';

/** A running process we started, with a promise of its exit. */
export interface Running {
  child: ChildProcess;
  pid: number;
  exited: Promise<void>;
  hasExited: () => boolean;
}

function track(child: ChildProcess, what: string): Running {
  if (child.pid === undefined) throw new Error(`could not start ${what}`);
  let done = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      done = true;
      resolve();
    });
    child.once('error', () => {
      done = true;
      resolve();
    });
  });
  return { child, pid: child.pid, exited, hasExited: () => done };
}

/**
 * Runs `initScript` as PID 1 of new mount+uts+pid namespaces. setpriv's parent-death signal kills
 * unshare if this Node process dies without running its exit handlers; --kill-child then takes the
 * namespace down with it.
 */
export function spawnNamespace(initScript: string, logFile: string): Running {
  const log = fs.openSync(logFile, 'w');
  try {
    const child = spawn(
      'setpriv',
      [
        '--pdeathsig', 'KILL',
        'unshare', '--mount', '--uts', '--pid', '--fork', '--kill-child', '--mount-proc', '--propagation', 'private',
        '/bin/sh', initScript,
      ], // prettier-ignore
      { detached: true, stdio: ['ignore', log, log] },
    );
    return track(child, `namespace ${initScript}`);
  } finally {
    fs.closeSync(log);
  }
}

const HANG_LISTENER = `
const net = require('node:net');
const sockets = [];
const server = net.createServer((s) => { sockets.push(s); s.on('error', () => {}); });
server.listen(Number(process.argv[1]), '127.0.0.1');
server.on('error', (e) => { process.stderr.write(String(e) + '\\n'); process.exit(1); });
`;

/** A TCP listener that accepts connections and never says a word (a hung sshd or a black hole). */
export function spawnHangListener(port: number, label: string, logFile: string): Running {
  const log = fs.openSync(logFile, 'w');
  try {
    const child = spawn(process.execPath, ['-e', HANG_LISTENER, String(port), label], {
      detached: true,
      stdio: ['ignore', 'ignore', log],
    });
    return track(child, `hang listener on port ${port}`);
  } finally {
    fs.closeSync(log);
  }
}

/** PID 1 of the namespace unshare created (its only child), or null until it has forked. */
export function namespaceInitPid(unsharePid: number): number | null {
  try {
    const children = fs.readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim();
    const first = children.split(/\s+/)[0];
    return first ? Number(first) : null;
  } catch {
    return null;
  }
}

/** Outer PIDs of every process in the PID namespace whose init is `initPid`, with their comm and cmdline. */
export function namespaceProcesses(initPid: number): { pid: number; comm: string; cmdline: string[] }[] {
  let ns: string;
  try {
    ns = fs.readlinkSync(`/proc/${initPid}/ns/pid`);
  } catch {
    return [];
  }
  const found: { pid: number; comm: string; cmdline: string[] }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readlinkSync(`/proc/${entry}/ns/pid`) !== ns) continue;
      const comm = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      found.push({ pid: Number(entry), comm, cmdline });
    } catch {
      // The process exited while we looked.
    }
  }
  return found;
}

/** Runs `command` with /bin/sh inside the namespaces of `initPid` (mount, uts, pid). */
export function nsenterSh(initPid: number, command: string, timeoutMs = 30_000): Promise<ExecOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'nsenter',
      ['--target', String(initPid), '--mount', '--uts', '--pid', '--', '/bin/sh', '-c', command],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Kills a namespace (PID 1 first, so unshare reaps it) or a listener, and waits for it to exit. */
export async function stopRunning(r: Running, initPid: number | null): Promise<void> {
  if (r.hasExited()) return;
  if (initPid === null) killQuietly(r.pid);
  else killQuietly(initPid);
  const settled = await Promise.race([r.exited.then(() => true), delay(2000).then(() => false)]);
  if (!settled) {
    killQuietly(r.pid);
    await r.exited;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once 127.0.0.1:port accepts a TCP connection (the connection is closed at once). */
export function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
