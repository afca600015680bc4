import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { describeFailure, excerpt, parseProbeFrame, sectionBytes, type ProbeSection } from './parse-frame';
import { b64Lines, hexLines, probeOutput } from './probe-fixtures';

function frame(stdout: string) {
  const r = parseProbeFrame(stdout);
  if (!r.ok) throw new Error(r.error);
  return r;
}

function sec(encoding: ProbeSection['encoding'], lines: string[]): ProbeSection {
  return { key: 'domain.0.xml', encoding, lines, status: 'ok', detail: '' };
}

describe('parseProbeFrame', () => {
  it('reads sections, their values, statuses and details', () => {
    const r = frame(
      'EW-PROBE 1\n@@ poolsize\n|256\n@= ok\n@@ lsof\n@= no-tool lsof\n@@ virsh_list\n' +
        '@= error exit 1: error: failed to connect to the hypervisor\n@@ cmdline.42 b64\n|AAAA\n@= ok\nEW-END\n',
    );
    expect(r.problems).toEqual([]);
    expect(r.sections.get('poolsize')).toMatchObject({ lines: ['256'], status: 'ok', encoding: 'text' });
    expect(r.sections.get('lsof')).toMatchObject({ lines: [], status: 'no-tool', detail: 'lsof' });
    expect(r.sections.get('virsh_list')?.detail).toBe('exit 1: error: failed to connect to the hypervisor');
    expect(r.sections.get('cmdline.42')?.encoding).toBe('b64');
  });

  it('skips what shell start-up files print before the header and after the end marker', () => {
    const r = frame('Welcome to host-7\r\nEW-PROBE 1\r\n@@ poolsize\r\n|4096\r\n@= ok\r\nEW-END\r\nlogout\n');
    expect(r.sections.get('poolsize')?.lines).toEqual(['4096']);
  });

  it('keeps value lines that look like frame lines, since they carry the | prefix', () => {
    const r = frame('EW-PROBE 1\n@@ os_release\n|@@ evil\n|@= ok\n|EW-END\n@= ok\nEW-END\n');
    expect(r.sections.get('os_release')?.lines).toEqual(['@@ evil', '@= ok', 'EW-END']);
    expect(r.sections.has('evil')).toBe(false);
  });

  it('refuses output without a header, quoting its start escaped and cut at 80 characters', () => {
    const garbage = `bash: /bin/sh: Permission denied\u001b[0m ${'x'.repeat(100)}`;
    const r = parseProbeFrame(garbage);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(
      /^not Entropy Watch probe output: "bash: \/bin\/sh: Permission denied\\u001b\[0m x+…"/,
    );
    expect(r.error).not.toContain('x'.repeat(60));
    expect(r.error).toContain('no EW-PROBE header');
  });

  it('refuses an unknown version and output cut short before EW-END', () => {
    const v2 = parseProbeFrame('EW-PROBE 2\nEW-END\n');
    expect(v2.ok === false && v2.error).toMatch(
      /^not Entropy Watch probe output: .*unknown probe version "2"/,
    );
    const cut = parseProbeFrame('EW-PROBE 1\n@@ poolsize\n|256\n@= ok\n@@ uptime\n');
    expect(cut.ok === false && cut.error).toMatch(/^not Entropy Watch probe output: .*no EW-END end marker/);
    expect(parseProbeFrame('').ok).toBe(false);
  });

  it('reports stray lines, unclosed and duplicate sections, unknown statuses and encodings', () => {
    const r = frame(
      'EW-PROBE 1\n|orphan\nnoise\n@@ poolsize\n|256\n@@ uptime\n|1.0 2.0\n@= ok\n@@ uptime\n|9 9\n@= ok\n' +
        '@@ machine_id\n@= weird thing\n@@ domain.0.xml base32\n|MZXW6\n@= ok\n@@ rng_current\n|none\nEW-END\n',
    );
    expect(r.problems).toEqual([
      'value line outside a section: "|orphan"',
      'unexpected line: "noise"',
      'section poolsize was not closed',
      'duplicate section uptime ignored',
      'section domain.0.xml: unknown encoding "base32"',
      'section rng_current was not closed',
    ]);
    expect(r.sections.get('poolsize')?.status).toBeNull();
    expect(r.sections.get('uptime')?.lines).toEqual(['1.0 2.0']);
    expect(r.sections.get('machine_id')).toMatchObject({ status: 'error', detail: 'unknown status "weird"' });
    expect(r.sections.get('domain.0.xml')).toMatchObject({
      status: 'error',
      detail: 'unknown encoding "base32"',
    });
  });

  it('shows control and bidi characters in details escaped, never raw', () => {
    const r = frame(
      'EW-PROBE 1\n@@ lsof\n@= error exit 1: bad\u0007bell\tand tab \u001b]52;c;x\u0007 \u202E\nEW-END\n',
    );
    expect(r.sections.get('lsof')?.detail).toBe(
      'exit 1: bad\\u{7}bell and tab \\u{1B}]52;c;x\\u{7} \\u{202E}',
    );
  });
});

describe('describeFailure', () => {
  const s = (status: ProbeSection['status'], detail = ''): ProbeSection => ({
    key: 'k',
    encoding: 'text',
    lines: [],
    status,
    detail,
  });
  it('words each status the way fieldErrors shows it', () => {
    expect(describeFailure(undefined)).toBe('not reported by the probe');
    expect(describeFailure(s('ok'))).toBe('ok');
    expect(describeFailure(s('missing'))).toBe('missing');
    expect(describeFailure(s('denied'))).toBe('permission denied');
    expect(describeFailure(s('denied', '/etc/ssh/ssh_host_rsa_key.pub'))).toBe(
      'permission denied: /etc/ssh/ssh_host_rsa_key.pub',
    );
    expect(describeFailure(s('no-tool', 'lsof'))).toBe('lsof not installed');
    expect(describeFailure(s('no-tool'))).toBe('a required tool not installed');
    expect(describeFailure(s('error', 'exit 2: boom'))).toBe('error: exit 2: boom');
    expect(describeFailure(s('error'))).toBe('error');
    expect(describeFailure(s(null))).toBe('cut short (section not closed)');
  });
});

describe('sectionBytes', () => {
  const xml = '<domain><name>a&amp;b</name></domain>\n';
  it('decodes every encoding the script can emit', () => {
    expect(sectionBytes(sec('text', ['a', 'b'])).toString()).toBe('a\nb');
    expect(sectionBytes(sec('b64', b64Lines(xml))).toString()).toBe(xml);
    expect(sectionBytes(sec('hex', hexLines(xml))).toString()).toBe(xml);
    expect(sectionBytes(sec('gz-b64', b64Lines(xml, true))).toString()).toBe(xml);
    expect(sectionBytes(sec('gz-hex', hexLines(xml, true))).toString()).toBe(xml);
    expect(sectionBytes(sec('b64', b64Lines('a\0b\0'))).toString()).toBe('a\0b\0');
  });

  it('throws clear errors for broken encodings and refuses gzip bombs', () => {
    expect(() => sectionBytes(sec('b64', ['not*base64!']))).toThrow(
      /malformed base64 in section domain.0.xml/,
    );
    expect(() => sectionBytes(sec('b64', ['abc']))).toThrow(/malformed base64/);
    expect(() => sectionBytes(sec('hex', [' 3c 6z']))).toThrow(/malformed hex/);
    expect(() => sectionBytes(sec('hex', [' 3c 6']))).toThrow(/malformed hex/);
    expect(() => sectionBytes(sec('gz-b64', b64Lines('plain, not gzip')))).toThrow(
      /cannot gunzip section domain.0.xml/,
    );
    const bomb = gzipSync(Buffer.alloc(5 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(10_000);
    expect(() => sectionBytes(sec('gz-b64', b64Lines(bomb)))).toThrow(/cannot gunzip/);
  });
});

describe('excerpt', () => {
  it('quotes, escapes and cuts', () => {
    expect(excerpt('abc')).toBe('"abc"');
    expect(excerpt('a"b\n')).toBe('"a\\"b\\n"');
    expect(excerpt('abcdef', 3)).toBe('"abc…"');
  });
});

it('probeOutput frames like the script does', () => {
  expect(probeOutput([{ key: 'poolsize', lines: ['256'] }])).toBe(
    'EW-PROBE 1\n@@ poolsize\n|256\n@= ok\nEW-END\n',
  );
});
