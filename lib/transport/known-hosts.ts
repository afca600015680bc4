import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** One key line of an OpenSSH known_hosts file. */
export interface KnownHostsEntry {
  /** 1-based line number in the file */
  line: number;
  marker: '@revoked' | '@cert-authority' | null;
  /** the host field as written: patterns ("a,[b]:2222,!c,*.lan") or a hashed "|1|salt|hmac" */
  hosts: string;
  keyType: string;
  /** base64 key blob */
  key: string;
}

export type HostKeyVerdict =
  | { verdict: 'known'; line: number }
  | { verdict: 'mismatch'; lines: number[] }
  | { verdict: 'revoked'; line: number }
  | { verdict: 'unknown' };

/** Parses known_hosts text; comments, blank and malformed lines are skipped (as OpenSSH does). */
export function parseKnownHosts(text: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const fields = raw.trim().split(/\s+/);
    if (!fields[0] || fields[0].startsWith('#')) return;
    let marker: KnownHostsEntry['marker'] = null;
    if (fields[0].startsWith('@')) {
      if (fields[0] !== '@revoked' && fields[0] !== '@cert-authority') return;
      marker = fields.shift() as KnownHostsEntry['marker'];
    }
    const [hosts, keyType, key] = fields;
    if (!hosts || !keyType || !key || !/^[A-Za-z0-9+/]+=*$/.test(key)) return;
    entries.push({ line: i + 1, marker, hosts, keyType, key });
  });
  return entries;
}

/**
 * The name a target's key is pinned under. Direct: what OpenSSH looks a host up by, `host` on port 22,
 * `[host]:port` otherwise. Reached through a jump host (`via`): `JUMP/[host]:port`, because a private
 * address such as 192.168.122.10 names a different guest behind every host, and one pin for all of them
 * would let any of those guests answer for the others. OpenSSH reads the same entry with
 * `-o HostKeyAlias=JUMP/[host]:port`.
 */
export function knownHostsName(host: string, port: number, via: string | null = null): string {
  if (via) return `${via}/[${host}]:${port}`;
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Whether a host field (patterns or a hashed entry) matches `name` as made by knownHostsName. */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) return hashedMatches(field, name);
  let matched = false;
  for (const pattern of field.split(',')) {
    const negated = pattern.startsWith('!');
    if (!wildcardMatch(negated ? pattern.slice(1) : pattern, name)) continue;
    // A matching negation excludes the host from the whole line, whatever else matches.
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function hashedMatches(field: string, name: string): boolean {
  const [, , salt, hash] = field.split('|');
  if (!salt || !hash) return false;
  const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return mac.equals(Buffer.from(hash, 'base64'));
}

function wildcardMatch(pattern: string, name: string): boolean {
  // Most entries are plain names ([host]:port): no RegExp per entry, which at 1,000 targets made
  // the connecting cycle quadratic.
  if (!/[*?]/.test(pattern)) return pattern.toLowerCase() === name.toLowerCase();
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(name);
}

/** Judges a presented key against known_hosts entries: known, revoked, mismatch (other keys pinned) or unknown. */
export function judgeHostKey(
  entries: KnownHostsEntry[],
  host: string,
  port: number,
  keyBlob: Buffer,
  via: string | null = null,
): HostKeyVerdict {
  const name = knownHostsName(host, port, via);
  const forHost = entries.filter((e) => e.marker !== '@cert-authority' && hostFieldMatches(e.hosts, name));
  const same = (e: KnownHostsEntry) => Buffer.from(e.key, 'base64').equals(keyBlob);
  const revoked = forHost.find((e) => e.marker === '@revoked' && same(e));
  if (revoked) return { verdict: 'revoked', line: revoked.line };
  const pinned = forHost.filter((e) => e.marker === null);
  const match = pinned.find(same);
  if (match) return { verdict: 'known', line: match.line };
  return pinned.length ? { verdict: 'mismatch', lines: pinned.map((e) => e.line) } : { verdict: 'unknown' };
}

/** Key types pinned for a host, to ask the server for one of those first (as OpenSSH does). */
export function pinnedKeyTypes(
  entries: KnownHostsEntry[],
  host: string,
  port: number,
  via: string | null = null,
): string[] {
  const name = knownHostsName(host, port, via);
  const types = entries
    .filter((e) => e.marker === null && hostFieldMatches(e.hosts, name))
    .map((e) => e.keyType);
  return [...new Set(types)];
}

/** The key type named inside an SSH public key blob (its first length-prefixed string). */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const len = keyBlob.readUInt32BE(0);
  return len > 0 && len < 64 && keyBlob.length >= 4 + len
    ? keyBlob.toString('latin1', 4, 4 + len)
    : 'unknown';
}

/** "SHA256:..." exactly as `ssh-keygen -lf` prints it. */
export function fingerprintSha256(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The line trust-on-first-use appends: `NAME type base64`, NAME as knownHostsName makes it. */
export function knownHostsLine(
  host: string,
  port: number,
  keyBlob: Buffer,
  via: string | null = null,
): string {
  return `${knownHostsName(host, port, via)} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}`;
}

/** Reads and parses a known_hosts file; a missing file is empty. */
export function readKnownHosts(file: string): KnownHostsEntry[] {
  try {
    return parseKnownHosts(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Appends one line to a known_hosts file, creating its directory (0700) and the file (0600) as needed. */
export function appendKnownHost(file: string, line: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const { size } = fs.statSync(file);
    if (size > 0) {
      const fd = fs.openSync(file, 'r');
      const last = Buffer.alloc(1);
      fs.readSync(fd, last, 0, 1, size - 1);
      fs.closeSync(fd);
      if (last[0] !== 0x0a) prefix = '\n';
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  // O_APPEND keeps lines whole when several first-time connects pin keys at once.
  fs.appendFileSync(file, `${prefix}${line}\n`, { mode: 0o600 });
}
