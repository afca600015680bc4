// sshd configuration and keys for lab targets (recipes in /work/shared/notes/test-lab.md).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Output of garbage targets: looks like a restricted shell's banner, not like the probe's frames. */
export const GARBAGE_OUTPUT = 'This account is restricted by lab policy. \\033[31m<garbage>\\033[0m';

export interface SshdConfigOptions {
  port: number;
  hostKeyFile: string;
  authorizedKeysFile: string;
  garbage: boolean;
  /** OpenSSH ≥ 9.8 penalises clients that disconnect before auth (our readiness check does) */
  penalties: boolean;
}

/** sshd_config for one target: loopback only, root by key only, no PAM (no systemd/syslog here). */
export function sshdConfig(o: SshdConfigOptions): string {
  return [
    `# Entropy Watch lab target (generated)`,
    `Port ${o.port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${o.hostKeyFile}`,
    'PidFile none',
    `AuthorizedKeysFile ${o.authorizedKeysFile}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'UsePAM no',
    // The lab lives under /tmp, which is world-writable.
    'StrictModes no',
    'PrintMotd no',
    'PrintLastLog no',
    'UseDNS no',
    // A collector polls many targets at once; bench starts hundreds of sessions in a burst.
    'MaxStartups 200:30:400',
    'LogLevel INFO',
    ...(o.penalties ? ['PerSourcePenalties no'] : []),
    ...(o.garbage ? [`ForceCommand printf '${GARBAGE_OUTPUT}\\n'`] : []),
    '',
  ].join('\n');
}

/** Creates an ed25519 key pair at `file` (and `file`.pub); returns the public key line. */
export async function generateKey(file: string, comment: string): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
  return fs.readFileSync(`${file}.pub`, 'utf8').trim();
}

/** "ssh-ed25519 AAAA..." (type and base64, without the comment) of a public key line. */
export function keyField(publicKeyLine: string): string {
  const [type, blob] = publicKeyLine.trim().split(/\s+/);
  if (!type || !blob) throw new Error(`not an OpenSSH public key line: "${publicKeyLine.slice(0, 40)}"`);
  return `${type} ${blob}`;
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
