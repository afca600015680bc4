import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { judgeHostKey, parseKnownHosts, pinnedKeyTypes } from './known-hosts';
import { candidatesFor, indexKnownHosts, KnownHostsCache } from './known-hosts-cache';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const hashed = (name: string) => {
  const salt = Buffer.from('0123456789abcdefghij');
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

const TEXT = [
  `[10.0.0.1]:2201 ssh-ed25519 ${b64('key-1')}`,
  `[10.0.0.2]:2202,[10.0.0.3]:2203 ssh-ed25519 ${b64('key-23')}`,
  `*.lan ssh-ed25519 ${b64('key-lan')}`,
  `${hashed('[10.0.0.4]:2204')} ssh-ed25519 ${b64('key-4')}`,
  `[10.0.0.5]:2205,!10.0.0.5 ecdsa-sha2-nistp256 ${b64('key-5')}`,
  `@revoked [10.0.0.1]:2201 ssh-ed25519 ${b64('old-1')}`,
  `[10.0.0.1]:2201 ecdsa-sha2-nistp256 ${b64('key-1-ecdsa')}`,
  `[10.0.0.6]:2206 ssh-ed25519 ${b64('key-6')}`,
  `[10.0.0.6]:2206 ssh-ed25519 ${b64('key-6-other')}`,
].join('\n');

describe('candidatesFor', () => {
  const entries = parseKnownHosts(TEXT);
  const index = indexKnownHosts(entries);
  const cases: [string, number, string][] = [
    ['10.0.0.1', 2201, 'key-1'],
    ['10.0.0.1', 2201, 'old-1'],
    ['10.0.0.1', 2201, 'unknown'],
    ['10.0.0.3', 2203, 'key-23'],
    ['web.lan', 22, 'key-lan'],
    ['10.0.0.4', 2204, 'key-4'],
    ['10.0.0.4', 2204, 'key-x'],
    ['10.0.0.5', 2205, 'key-5'],
    ['10.0.0.6', 2206, 'key-x'],
    ['10.0.0.9', 2209, 'key-1'],
  ];

  it.each(cases)('judges %s:%i with %s as the whole file does', (host, port, key) => {
    const name = port === 22 ? host : `[${host}]:${port}`;
    const few = candidatesFor(index, name);
    expect(judgeHostKey(few, host, port, Buffer.from(key))).toEqual(
      judgeHostKey(entries, host, port, Buffer.from(key)),
    );
    expect(pinnedKeyTypes(few, host, port)).toEqual(pinnedKeyTypes(entries, host, port));
  });

  it('hands out only the named entries and the pattern ones, in file order', () => {
    expect(candidatesFor(index, '[10.0.0.1]:2201').map((e) => e.line)).toEqual([1, 3, 4, 5, 6, 7]);
    expect(candidatesFor(indexKnownHosts(parseKnownHosts(TEXT.split('\n')[7]!)), '[10.0.0.1]:2201')).toEqual(
      [],
    );
  });
});

describe('KnownHostsCache', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('parses a file once while it is unchanged and again after a line is appended', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-known-hosts-'));
    dirs.push(dir);
    const file = path.join(dir, 'known_hosts');
    const cache = new KnownHostsCache();
    expect(cache.read(file).byName.size).toBe(0); // missing: empty
    fs.writeFileSync(file, `${TEXT}\n`);
    const first = cache.read(file);
    expect(cache.read(file)).toBe(first);
    fs.appendFileSync(file, `[10.0.0.7]:2207 ssh-ed25519 ${b64('key-7')}\n`);
    const after = cache.read(file);
    expect(after).not.toBe(first);
    const keys = candidatesFor(after, '[10.0.0.7]:2207').map((e) => e.key);
    expect(keys).toContain(b64('key-7'));
    expect(keys).not.toContain(b64('key-1'));
  });
});
