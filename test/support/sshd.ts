// The one sshd of the tests: its sshd_config (shared by the lab's namespaced targets) and a launcher
// for a plain sshd on 127.0.0.1 (the transport tests). Recipe: the test-lab notes in test/lab/README.md.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { generateKey } from './keys';
import { reservePort } from './ports';
import { descendants, killQuietly, stopTree } from './processes';

const run = promisify(execFile);

export interface SshdConfigOptions {
  port: number;
  hostKeyFile: string;
  authorizedKeysFile: string;
  /** default "none" */
  pidFile?: string;
  logLevel?: 'INFO' | 'VERBOSE' | 'DEBUG1';
  /** OpenSSH ≥ 9.8 penalises clients that disconnect before auth (readiness checks do): turn it off */
  noPenalties?: boolean;
  /** more lines, e.g. `HostKeyAlgorithms ssh-rsa` or a ForceCommand */
  extra?: readonly string[];
}

/** sshd_config: loopback only, root by key only, no PAM (no systemd or syslog on the test machines). */
export function sshdConfig(o: SshdConfigOptions): string {
  return [
    '# Entropy Watch test sshd (generated)',
    `Port ${o.port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${o.hostKeyFile}`,
    `PidFile ${o.pidFile ?? 'none'}`,
    `AuthorizedKeysFile ${o.authorizedKeysFile}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'UsePAM no',
    // Test files live under the temp directory, which is world-writable.
    'StrictModes no',
    'PrintMotd no',
    'PrintLastLog no',
    'UseDNS no',
    // A collector polls many targets at once; bench starts hundreds of sessions in a burst.
    'MaxStartups 200:30:400',
    `LogLevel ${o.logLevel ?? 'INFO'}`,
    ...(o.noPenalties ? ['PerSourcePenalties no'] : []),
    ...(o.extra ?? []),
    '',
  ].join('\n');
}

let penaltiesCache: boolean | null = null;

/** Whether this sshd knows PerSourcePenalties (OpenSSH 9.8+), so the config may turn it off. */
export async function sshdHasPenalties(): Promise<boolean> {
  if (penaltiesCache !== null) return penaltiesCache;
  // `sshd -V` prints its version on stderr (and exits non-zero on old releases).
  const out = await run('/usr/sbin/sshd', ['-V']).then(
    (r) => `${r.stdout}${r.stderr}`,
    (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`,
  );
  const m = /OpenSSH_(\d+)\.(\d+)/.exec(out);
  penaltiesCache = m ? Number(m[1]) * 100 + Number(m[2]) >= 908 : false;
  return penaltiesCache;
}

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
  const hostPublicKey = await generateKey(hostKey, { type: opts.hostKeyType });
  fs.writeFileSync(path.join(opts.dir, 'authorized_keys'), opts.authorizedKeys.join('\n') + '\n');
  const port = opts.port ?? (await reservePort());
  const config = path.join(opts.dir, 'sshd_config');
  fs.writeFileSync(
    config,
    sshdConfig({
      port,
      hostKeyFile: hostKey,
      authorizedKeysFile: path.join(opts.dir, 'authorized_keys'),
      pidFile: path.join(opts.dir, 'sshd.pid'),
      logLevel: opts.logLevel,
      extra: ['AllowTcpForwarding yes', ...(opts.extraConfig ?? [])],
    }),
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
  // Generous: a machine five times slower still starts sshd well within this.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited (${child.exitCode}): ${log()}`);
    if (log().includes(`Server listening on 127.0.0.1 port ${port}`)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  await stopTree(child);
  throw new Error(`sshd did not listen on ${port} within 30 s: ${log()}`);
}
