import { describe, expect, it } from 'vitest';
import {
  fingerprintSha256,
  hostFieldMatches,
  judgeHostKey,
  keyTypeOf,
  knownHostsLine,
  knownHostsName,
  parseKnownHosts,
  pinnedKeyTypes,
} from './known-hosts';

// Two real ed25519 host keys; fingerprints as `ssh-keygen -lf` printed them.
const K1 = 'AAAAC3NzaC1lZDI1NTE5AAAAIFTwrqZYYcmU04B4wNBuVlWP3+cpS3FCCyFLtmaY9jx1';
const K1_FP = 'SHA256:0C39Is97P1QCD8tL/ZIBDrOeef1BgHgBha2B5EQto4I';
const K2 = 'AAAAC3NzaC1lZDI1NTE5AAAAILBZYBbLOCtOlnR4ZUxQ9F2OCGLfDWOIFyHhtU1yUcf5';
const K2_FP = 'SHA256:aNT0ES3YKcQQqWu02KYkQCyqzkApflnG+FNHOQ0fyHA';
const blob = (b64: string) => Buffer.from(b64, 'base64');

// Written by `ssh-keygen -H` from "kvm-01.example.com K1" and "[10.0.0.11]:2222 K1".
const HASHED = [
  `|1|Qce8me7v+HNVuZf4CD1RzNZ0xog=|oL5tSg0TM6D84KlfddAxCQgwh2g= ssh-ed25519 ${K1}`,
  `|1|U1MPWhK7SGk1CiLr7A8ttBpxg0U=|db1sKc4IpjXokI/chdiJ3Rn475I= ssh-ed25519 ${K1}`,
].join('\n');

describe('parseKnownHosts', () => {
  it('reads markers, host fields and keys; skips comments and junk', () => {
    const entries = parseKnownHosts(
      [
        '# comment',
        '',
        `kvm-01,10.0.0.11 ssh-ed25519 ${K1} root@kvm-01`,
        `@revoked * ssh-ed25519 ${K2}`,
        `@cert-authority *.lan ssh-ed25519 ${K2}`,
        `@bogus host ssh-ed25519 ${K2}`,
        'only-two fields',
      ].join('\n'),
    );
    expect(entries).toEqual([
      { line: 3, marker: null, hosts: 'kvm-01,10.0.0.11', keyType: 'ssh-ed25519', key: K1 },
      { line: 4, marker: '@revoked', hosts: '*', keyType: 'ssh-ed25519', key: K2 },
      { line: 5, marker: '@cert-authority', hosts: '*.lan', keyType: 'ssh-ed25519', key: K2 },
    ]);
  });
});

describe('host matching', () => {
  it('uses [host]:port except on port 22', () => {
    expect(knownHostsName('10.0.0.11', 22)).toBe('10.0.0.11');
    expect(knownHostsName('10.0.0.11', 2222)).toBe('[10.0.0.11]:2222');
  });

  it('names a guest reached through a jump host JUMP/[host]:port, port 22 included', () => {
    expect(knownHostsName('192.168.122.10', 22, 'kvm-01')).toBe('kvm-01/[192.168.122.10]:22');
    expect(knownHostsName('192.168.122.10', 2222, 'kvm-02')).toBe('kvm-02/[192.168.122.10]:2222');
  });

  it('matches comma lists, port forms, wildcards and negations', () => {
    expect(hostFieldMatches('kvm-01,10.0.0.11', '10.0.0.11')).toBe(true);
    expect(hostFieldMatches('kvm-01,10.0.0.11', '10.0.0.12')).toBe(false);
    expect(hostFieldMatches('[10.0.0.11]:2222', '[10.0.0.11]:2222')).toBe(true);
    expect(hostFieldMatches('[10.0.0.11]:2222', '10.0.0.11')).toBe(false);
    expect(hostFieldMatches('10.0.0.11', '[10.0.0.11]:2222')).toBe(false);
    expect(hostFieldMatches('*.lan', 'web-01.lan')).toBe(true);
    expect(hostFieldMatches('*.lan', 'web-01.lan.evil')).toBe(false);
    expect(hostFieldMatches('web-0?.lan', 'web-07.lan')).toBe(true);
    expect(hostFieldMatches('web-0?.lan', 'web-10.lan')).toBe(false);
    expect(hostFieldMatches('*.lan,!db-*.lan', 'web-01.lan')).toBe(true);
    expect(hostFieldMatches('*.lan,!db-*.lan', 'db-01.lan')).toBe(false);
    expect(hostFieldMatches('KVM-01', 'kvm-01')).toBe(true);
  });

  it('matches hashed entries written by ssh-keygen -H (HMAC-SHA1 with the salt)', () => {
    const [plain22, port2222] = parseKnownHosts(HASHED);
    expect(hostFieldMatches(plain22!.hosts, 'kvm-01.example.com')).toBe(true);
    expect(hostFieldMatches(plain22!.hosts, 'kvm-02.example.com')).toBe(false);
    expect(hostFieldMatches(port2222!.hosts, '[10.0.0.11]:2222')).toBe(true);
    expect(hostFieldMatches(port2222!.hosts, '10.0.0.11')).toBe(false);
  });
});

describe('judgeHostKey', () => {
  const entries = parseKnownHosts(
    [
      HASHED,
      `web-01.lan ssh-ed25519 ${K2}`,
      `[web-01.lan]:2222 ssh-ed25519 ${K1}`,
      `@revoked db-01.lan ssh-ed25519 ${K2}`,
    ].join('\n'),
  );

  it('accepts the pinned key (plain and hashed, port 22 and other ports)', () => {
    expect(judgeHostKey(entries, 'kvm-01.example.com', 22, blob(K1))).toEqual({ verdict: 'known', line: 1 });
    expect(judgeHostKey(entries, '10.0.0.11', 2222, blob(K1))).toEqual({ verdict: 'known', line: 2 });
    expect(judgeHostKey(entries, 'web-01.lan', 22, blob(K2))).toEqual({ verdict: 'known', line: 3 });
    expect(judgeHostKey(entries, 'web-01.lan', 2222, blob(K1))).toEqual({ verdict: 'known', line: 4 });
  });

  it('refuses a different key for a pinned host', () => {
    expect(judgeHostKey(entries, 'kvm-01.example.com', 22, blob(K2))).toEqual({
      verdict: 'mismatch',
      lines: [1],
    });
    expect(judgeHostKey(entries, 'web-01.lan', 22, blob(K1))).toEqual({ verdict: 'mismatch', lines: [3] });
  });

  it('reports an unpinned host as unknown (a port is a different host)', () => {
    expect(judgeHostKey(entries, 'kvm-01.example.com', 2200, blob(K1))).toEqual({ verdict: 'unknown' });
    expect(judgeHostKey(entries, 'new.lan', 22, blob(K1))).toEqual({ verdict: 'unknown' });
  });

  it('refuses a revoked key, and ignores @cert-authority lines', () => {
    expect(judgeHostKey(entries, 'db-01.lan', 22, blob(K2))).toEqual({ verdict: 'revoked', line: 5 });
    const ca = parseKnownHosts(`@cert-authority *.lan ssh-ed25519 ${K1}`);
    expect(judgeHostKey(ca, 'web-01.lan', 22, blob(K1))).toEqual({ verdict: 'unknown' });
  });

  it('keeps two guests with one private address behind different hosts apart', () => {
    const pins = parseKnownHosts(
      [`kvm-01/[192.168.122.10]:22 ssh-ed25519 ${K1}`, `192.168.122.10 ssh-ed25519 ${K2}`].join('\n'),
    );
    expect(judgeHostKey(pins, '192.168.122.10', 22, blob(K1), 'kvm-01')).toEqual({
      verdict: 'known',
      line: 1,
    });
    // Behind kvm-02 nothing is pinned: neither kvm-01's guest key nor a direct pin of the address counts.
    expect(judgeHostKey(pins, '192.168.122.10', 22, blob(K1), 'kvm-02')).toEqual({ verdict: 'unknown' });
    expect(judgeHostKey(pins, '192.168.122.10', 22, blob(K2), 'kvm-02')).toEqual({ verdict: 'unknown' });
    expect(judgeHostKey(pins, '192.168.122.10', 22, blob(K2), 'kvm-01')).toEqual({
      verdict: 'mismatch',
      lines: [1],
    });
    expect(knownHostsLine('192.168.122.10', 22, blob(K1), 'kvm-02')).toBe(
      `kvm-02/[192.168.122.10]:22 ssh-ed25519 ${K1}`,
    );
  });

  it('lists the key types pinned for a host', () => {
    expect(pinnedKeyTypes(entries, 'web-01.lan', 22)).toEqual(['ssh-ed25519']);
    expect(pinnedKeyTypes(entries, 'nowhere', 22)).toEqual([]);
  });
});

describe('key helpers', () => {
  it('fingerprints like ssh-keygen -lf and reads the type from the blob', () => {
    expect(fingerprintSha256(blob(K1))).toBe(K1_FP);
    expect(fingerprintSha256(blob(K2))).toBe(K2_FP);
    expect(keyTypeOf(blob(K1))).toBe('ssh-ed25519');
    expect(keyTypeOf(Buffer.from([0, 0]))).toBe('unknown');
  });

  it('writes the line trust-on-first-use appends', () => {
    expect(knownHostsLine('10.0.0.11', 22, blob(K1))).toBe(`10.0.0.11 ssh-ed25519 ${K1}`);
    expect(knownHostsLine('10.0.0.11', 2222, blob(K1))).toBe(`[10.0.0.11]:2222 ssh-ed25519 ${K1}`);
  });
});
