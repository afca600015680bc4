import { describe, expect, it } from 'vitest';
import { parseSshHostKeyLine, parseSshHostKeys, sshFingerprint } from './parse-ssh-keys';
import { KEYS } from './probe-fixtures';

describe('ssh host keys', () => {
  it('fingerprints every key type exactly like ssh-keygen -lf', () => {
    for (const k of [KEYS.ed25519, KEYS.ecdsa, KEYS.rsa]) {
      const parsed = parseSshHostKeyLine(k.line);
      expect(parsed).toEqual({ type: k.line.split(' ')[0], fingerprint: k.fingerprint });
    }
  });

  it('strips base64 padding from the fingerprint', () => {
    expect(sshFingerprint(Buffer.from('x'))).not.toContain('=');
    expect(sshFingerprint(Buffer.from('x'))).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('rejects lines that are not keys, or whose type disagrees with the blob', () => {
    expect(parseSshHostKeyLine('ssh-ed25519')).toEqual({ error: 'malformed: "ssh-ed25519"' });
    expect(parseSshHostKeyLine('ssh-ed25519 not*base64')).toHaveProperty('error');
    const blob = KEYS.ed25519.line.split(' ')[1] ?? '';
    expect(parseSshHostKeyLine(`ssh-rsa ${blob}`)).toEqual({
      error: `malformed: "ssh-rsa ${blob.slice(0, 52)}…" (key blob says "ssh-ed25519")`,
    });
    expect(parseSshHostKeyLine('ssh-rsa AAAA')).toHaveProperty('error');
  });

  it('keeps good keys next to bad lines and skips blanks and comments', () => {
    const r = parseSshHostKeys(['', '# comment', KEYS.ed25519.line, 'garbage', KEYS.rsa.line]);
    expect(r.keys.map((k) => k.fingerprint)).toEqual([KEYS.ed25519.fingerprint, KEYS.rsa.fingerprint]);
    expect(r.errors).toEqual(['malformed: "garbage"']);
  });
});
