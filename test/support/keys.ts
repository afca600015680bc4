// The one SSH key generator of the tests: host keys and client keys for the transport tests' sshd
// and for every lab target.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** "ssh-ed25519 AAAA..." (type and base64, without the comment) of a public key line. */
export function keyField(publicKeyLine: string): string {
  const [type, blob] = publicKeyLine.trim().split(/\s+/);
  if (!type || !blob) throw new Error(`not an OpenSSH public key line: "${publicKeyLine.slice(0, 40)}"`);
  return `${type} ${blob}`;
}

/**
 * Creates an unencrypted key pair at `file` (and `file`.pub) unless it exists; returns its public key
 * as "type base64". ed25519 unless `type` says rsa (2048 bits, for old-sshd tests).
 */
export async function generateKey(
  file: string,
  opts: { type?: 'ed25519' | 'rsa'; comment?: string } = {},
): Promise<string> {
  const type = opts.type ?? 'ed25519';
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) {
    const size = type === 'rsa' ? ['-b', '2048'] : [];
    await run('ssh-keygen', ['-q', '-t', type, ...size, '-N', '', '-C', opts.comment ?? 'test', '-f', file]);
  }
  return keyField(fs.readFileSync(`${file}.pub`, 'utf8'));
}
