import { describe, expect, it } from 'vitest';
import {
  checkCount,
  checkText,
  escapeForbidden,
  hasForbiddenChars,
  isRefusal,
  safeExcerpt,
} from './input-policy';
import { RULES } from './field-rules';

describe('the input policy', () => {
  it('finds every C0, DEL, C1, bidi control and Unicode line terminator, and nothing else', () => {
    const forbidden = [
      ...Array.from({ length: 0x20 }, (_, i) => i),
      0x7f,
      ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i),
      0x061c,
      0x200e,
      0x200f,
      ...[0x202a, 0x202b, 0x202c, 0x202d, 0x202e],
      ...[0x2066, 0x2067, 0x2068, 0x2069],
      0x2028,
      0x2029,
    ];
    for (const cp of forbidden)
      expect(hasForbiddenChars(`a${String.fromCodePoint(cp)}b`), cp.toString(16)).toBe(true);
    for (const ok of [
      'plain',
      'ünïcødé ☃',
      "x'; rm -rf / #",
      '日本語',
      '😀',
      'a\u00a0b',
      'zero\u200bwidth',
    ]) {
      expect(hasForbiddenChars(ok), ok).toBe(false);
    }
  });

  it('escapes forbidden characters in messages and excerpts instead of echoing them', () => {
    expect(escapeForbidden('a\u001b[31mb\u202Ec\u0085')).toBe('a\\u{1B}[31mb\\u{202E}c\\u{85}');
    expect(safeExcerpt('\u007f\u202e' + 'x'.repeat(100), 5)).toBe('"\\u{7F}\\u{202E}xxx…"');
    expect(hasForbiddenChars(safeExcerpt('\u0000\u0007\u001b\u009b\u2067'))).toBe(false);
  });

  it('refuses a value with controls as "invalid characters", naming the character and where it is', () => {
    expect(checkText('6.1\u001b]52;c;eA==\u0007', RULES.kernelRelease)).toBe(
      'refused: kernel release has invalid characters (U+001B at character 4)',
    );
    expect(checkText('a\u202Eb', RULES.domainName)).toBe(
      'refused: domain name has invalid characters (U+202E at character 2)',
    );
  });

  it('refuses values over their length and outside their character set', () => {
    expect(checkText('x'.repeat(200 * 1024), RULES.kernelRelease)).toBe(
      'refused: kernel release is too long (204800 characters, at most 64)',
    );
    expect(checkText('x'.repeat(64), RULES.kernelRelease)).toBeNull();
    expect(checkText('6.1 generic', RULES.kernelRelease)).toBe(
      'refused: kernel release has invalid characters (U+0020 at character 4; allowed: printable ASCII without spaces)',
    );
    expect(checkText('Ubuntu', RULES.osId)).toMatch(
      /^refused: os-release ID has invalid characters \(U\+0055/,
    );
    // Astral characters are named by their code point, not a surrogate half.
    expect(checkText('a😀', RULES.kernelRelease)).toMatch(/\(U\+1F600 at character 2;/);
  });

  it('refuses a list over its count as a whole', () => {
    expect(checkCount(17, 16, 'host keys')).toBe('refused: too many host keys (17, at most 16)');
    expect(checkCount(16, 16, 'host keys')).toBeNull();
    expect(isRefusal('refused: too many host keys (17, at most 16)')).toBe(true);
    expect(isRefusal('missing')).toBe(false);
  });
});

describe('the domain policy shared by the domain parsers', () => {
  it('refuses a disk whose Proxmox config value carries a control character', async () => {
    const { withDomainPolicy } = await import('./domain-policy');
    const disk = {
      target: 'scsi0',
      type: 'volume',
      device: 'disk',
      source: 'local-lvm:vm-101-disk-0',
      driverType: 'raw',
      cacheMode: 'none',
      ioMode: 'io_uring',
      discard: null,
      pveValue: 'local-lvm:vm-101-disk-0,size=32G\u001b[2J',
    };
    const ok = { ...disk, target: 'scsi1', pveValue: 'local-lvm:vm-101-disk-1,size=32G' };
    const r = withDomainPolicy({
      name: 'vm',
      uuid: null,
      genid: null,
      disks: [disk, ok],
      rngs: [],
      problems: [],
    });
    expect(r.disks.map((d) => d.target)).toEqual(['scsi1']);
    expect(r.problems).toEqual([
      'refused: disk #1 Proxmox config value path has invalid characters (U+001B at character 33)',
    ]);
  });
});
