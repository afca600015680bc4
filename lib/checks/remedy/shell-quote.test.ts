import { describe, expect, it } from 'vitest';
import { shellJoin, shellQuote, writeFileCommand } from './shell-quote';
import { UnsafeValueError } from './unsafe-value';
import { splitShell } from '../../../test/support/shell-words';

const HOSTILE = [
  "x'; rm -rf / #",
  'a b',
  '$(reboot)',
  '`id`',
  '"quoted"',
  "it's",
  "''",
  'back\\slash',
  '*',
  '~root',
  '-x',
  '',
  '; shutdown -h now',
  '&& true',
  '<img src=x onerror=alert(1)>',
];

describe('shellQuote', () => {
  it('leaves safe words bare', () => {
    for (const w of ['qemu:///system', 'web-01', '/dev/urandom', 'user@host', 'a=b,c+d%e', '--config']) {
      expect(shellQuote(w)).toBe(w);
    }
  });

  it("wraps anything else in single quotes and writes ' as '\\''", () => {
    expect(shellQuote("x'; rm -rf / #")).toBe("'x'\\''; rm -rf / #'");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('')).toBe("''");
  });

  it('refuses NUL, control and bidi characters: quoted, a terminal still acts on them when pasted', () => {
    for (const value of [
      'a\0b',
      'new\nline',
      'tab\there',
      'x\u0003y',
      'x\u001b[31m',
      'cr\r',
      'a\u202Eb',
      'a\u0085b',
    ]) {
      expect(() => shellQuote(value), JSON.stringify(value)).toThrow(UnsafeValueError);
    }
    expect(() => shellQuote('vm\u0003; reboot')).toThrow(
      'the value "vm\\u0003; reboot" holds control or bidi characters and cannot be shown safely in a command',
    );
    expect(() => writeFileCommand('/etc/x', 'line one\nline\u001b two')).toThrow(UnsafeValueError);
    expect(writeFileCommand('/etc/x', 'line one\nline two')).toContain('line one\nline two');
  });

  it.each(HOSTILE)('%j survives POSIX word splitting as exactly one word', (value) => {
    const parsed = splitShell(`virsh -c ${shellQuote(value)} dumpxml --domain ${shellQuote(value)}`);
    expect(parsed.expands).toBe(false);
    expect(parsed.commands).toEqual([['virsh', '-c', value, 'dumpxml', '--domain', value]]);
  });

  it('shellJoin keeps every word', () => {
    expect(splitShell(shellJoin(HOSTILE)).commands).toEqual([HOSTILE]);
  });
});

describe('the test splitter itself', () => {
  it('sees operators, comments and substitutions in unquoted text', () => {
    expect(splitShell("virsh x; rm -rf / #'").commands).toEqual([
      ['virsh', 'x'],
      ['rm', '-rf', '/'],
    ]);
    expect(splitShell('echo $(id)').expands).toBe(true);
    expect(splitShell('echo "$HOME"').expands).toBe(true);
    expect(splitShell("echo '$HOME'").expands).toBe(false);
    expect(splitShell('a && b || c').commands).toEqual([['a'], ['b'], ['c']]);
  });
});
