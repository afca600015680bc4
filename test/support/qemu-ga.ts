// A real QEMU guest agent standing in for a guest's: Debian's qemu-ga listening on a unix socket
// (`qemu-ga -m unix-listen -p SOCK`), in a private mount namespace whose /proc and /sys files show a
// guest's values (bind mounts, see /work/shared/notes/test-lab.md), so what it reads is the guest's,
// not this machine's. `blockRpcs` gives RHEL's default policy (--block-rpcs guest-file-*, guest-exec).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { shellQuote } from '../../lib/checks/remedy/shell-quote';

export interface GuestAgentFiles {
  entropyAvail: number;
  poolsize: number;
  osrelease: string;
  uptimeSec: number;
  rngAvailable: string;
  rngCurrent: string;
}

export interface RunningGuestAgent {
  socket: string;
  process: ChildProcess;
  stop(): void;
}

const BINDS: [keyof GuestAgentFiles, string][] = [
  ['entropyAvail', '/proc/sys/kernel/random/entropy_avail'],
  ['poolsize', '/proc/sys/kernel/random/poolsize'],
  ['osrelease', '/proc/sys/kernel/osrelease'],
  ['uptimeSec', '/proc/uptime'],
  ['rngAvailable', '/sys/devices/virtual/misc/hw_random/rng_available'],
  ['rngCurrent', '/sys/devices/virtual/misc/hw_random/rng_current'],
];

/** RHEL's qemu-guest-agent default: file access and command execution disabled. */
export const RHEL_BLOCKED_RPCS = [
  'guest-file-open',
  'guest-file-close',
  'guest-file-read',
  'guest-file-write',
  'guest-file-seek',
  'guest-file-flush',
  'guest-exec',
  'guest-exec-status',
];

/** Starts qemu-ga on `dir/<name>.sock` showing `files`; resolves once it accepts connections. */
export async function startGuestAgent(
  dir: string,
  name: string,
  files: GuestAgentFiles,
  blockRpcs: string[] = [],
): Promise<RunningGuestAgent> {
  const socket = path.join(dir, `${name}.sock`);
  const lines: string[] = ['set -e'];
  for (const [key, target] of BINDS) {
    const file = path.join(dir, `${name}.${key}`);
    const value =
      key === 'uptimeSec' ? `${files.uptimeSec}.00 ${files.uptimeSec * 2}.00` : String(files[key]);
    fs.writeFileSync(file, `${value}\n`);
    if (fs.existsSync(target)) lines.push(`mount --bind ${shellQuote(file)} ${shellQuote(target)}`);
  }
  const args = ['-m', 'unix-listen', '-p', socket, '-t', dir];
  if (blockRpcs.length > 0) args.push(`--block-rpcs=${blockRpcs.join(',')}`);
  lines.push(`exec /usr/sbin/qemu-ga ${args.map(shellQuote).join(' ')}`);
  const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', lines.join('\n')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = () => {
    if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
  };
  // qemu-ga creates the socket file before it listens: connect until it answers (30 s on a slow machine).
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`qemu-ga ${name} exited: ${stderr.trim()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(socket);
      c.once('connect', () => (c.destroy(), resolve(true)));
      c.once('error', () => resolve(false));
    });
    if (ok) return { socket, process: child, stop };
    if (Date.now() > deadline) {
      stop();
      throw new Error(`qemu-ga ${name} did not listen on ${socket} within 30 s: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
