// A minimal real sshd on 127.0.0.1 for integration tests (recipe: /work/shared/notes/test-lab.md).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface TestSshd {
  port: number;
  pid: number;
  /** "ssh-ed25519 AAAA..." of the server's host key */
  hostPublicKey: string;
  /** its private host key file (pass it as `hostKey` to restart with the same identity) */
  hostKeyFile: string;
  /** everything sshd logged so far (-e: stderr) */
  log(): string;
  /** how many sessions authenticated ("Accepted publickey" lines) */
  acceptedLogins(): number;
  /** kills the per-connection processes (open sessions drop) while sshd keeps listening */
  dropConnections(): void;
  /** stops sshd and every per-connection process it forked */
  stop(): Promise<void>;
}

/** Generates an unencrypted key pair (ed25519 unless `type` says rsa); returns the public key line. */
export function generateKey(file: string, type: 'ed25519' | 'rsa' = 'ed25519'): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const size = type === 'rsa' ? ['-b', '2048'] : [];
  if (!fs.existsSync(file))
    execFileSync('ssh-keygen', ['-q', '-t', type, ...size, '-N', '', '-C', 'test', '-f', file]);
  return fs.readFileSync(`${file}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `sshd -D -e` with its own config in `dir` (host key `dir/host_key` unless `hostKey` names another),
 * accepting `authorizedKeys` for any user. Resolves once it listens.
 */
export async function startTestSshd(opts: {
  dir: string;
  authorizedKeys: string[];
  hostKey?: string;
  port?: number;
  logLevel?: 'INFO' | 'VERBOSE' | 'DEBUG1';
  /** host key type when the key is generated here; default ed25519 */
  hostKeyType?: 'ed25519' | 'rsa';
  /** more sshd_config lines, e.g. `HostKeyAlgorithms ssh-rsa` for a server that only signs with SHA-1 */
  extraConfig?: string[];
}): Promise<TestSshd> {
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  fs.mkdirSync(opts.dir, { recursive: true });
  const hostKey = opts.hostKey ?? path.join(opts.dir, 'host_key');
  const hostPublicKey = generateKey(hostKey, opts.hostKeyType);
  fs.writeFileSync(path.join(opts.dir, 'authorized_keys'), opts.authorizedKeys.join('\n') + '\n');
  const port = opts.port ?? (await freePort());
  const config = path.join(opts.dir, 'sshd_config');
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${path.join(opts.dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(opts.dir, 'authorized_keys')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'StrictModes no',
      'PrintMotd no',
      'AllowTcpForwarding yes',
      `LogLevel ${opts.logLevel ?? 'INFO'}`,
      ...(opts.extraConfig ?? []),
      '',
    ].join('\n'),
  );
  // detached: sshd leads its own session, so no terminal signal reaches it.
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stderr!.on('data', (c: Buffer) => chunks.push(c));
  const log = () => Buffer.concat(chunks).toString('utf8');
  await waitListening(child, port, log);
  return {
    port,
    pid: child.pid!,
    hostPublicKey,
    hostKeyFile: hostKey,
    log,
    acceptedLogins: () => (log().match(/Accepted publickey/g) ?? []).length,
    dropConnections: () => descendants(child.pid!).forEach(killQuietly),
    stop: () => stopTree(child),
  };
}

async function waitListening(child: ChildProcess, port: number, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited (${child.exitCode}): ${log()}`);
    if (log().includes(`Server listening on 127.0.0.1 port ${port}`)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  await stopTree(child);
  throw new Error(`sshd did not listen on ${port} within 10s: ${log()}`);
}

/** Kills a process and its descendants (sshd forks one process per connection, each in its own session). */
export async function stopTree(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Sessions first, so the listener can still reap them (fewer zombies left to init).
  descendants(child.pid).forEach(killQuietly);
  await new Promise((r) => setTimeout(r, 50));
  descendants(child.pid).forEach(killQuietly);
  killQuietly(child.pid);
  await exited;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the ")" that closes the command name.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited while we looked
    }
  }
  const out: number[] = [];
  const walk = (p: number) => (children.get(p) ?? []).forEach((c) => (out.push(c), walk(c)));
  walk(pid);
  return out;
}
