// SSH host keys from /etc/ssh/ssh_host_*_key.pub, fingerprinted exactly as `ssh-keygen -lf` does.
import { createHash } from 'node:crypto';
import type { SshHostKey } from './types';
import { excerpt } from './parse-frame';

/** `SHA256:` + unpadded base64 of sha256(key blob), as `ssh-keygen -lf` prints it. */
export function sshFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

// The blob starts with its own key type (uint32 length + name); a .pub line whose type field
// disagrees with it was edited or corrupted, and its fingerprint would mislead.
function blobKeyType(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || blob.length < 4 + len) return null;
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** Parses one `.pub` line ("type base64 [comment]"); returns an error string when it is not a key. */
export function parseSshHostKeyLine(line: string): SshHostKey | { error: string } {
  const [type, b64] = line.trim().split(/\s+/);
  if (!type || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) {
    return { error: `malformed: ${excerpt(line)}` };
  }
  const blob = Buffer.from(b64, 'base64');
  const inner = blobKeyType(blob);
  if (inner !== type)
    return { error: `malformed: ${excerpt(line)} (key blob says ${excerpt(inner ?? '?')})` };
  return { type, fingerprint: sshFingerprint(blob) };
}

/** All host keys in the section's lines; malformed lines are reported, the others kept. */
export function parseSshHostKeys(lines: string[]): { keys: SshHostKey[]; errors: string[] } {
  const keys: SshHostKey[] = [];
  const errors: string[] = [];
  for (const line of lines) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const parsed = parseSshHostKeyLine(line);
    if ('error' in parsed) errors.push(parsed.error);
    else keys.push(parsed);
  }
  return { keys, errors };
}
