import { describe, expect, it } from 'vitest';
import { boundText, safeText } from './bound';
import { escapeControl, escapeControlKeepLines, hasControl } from './escape-control';

const OSC52 = '\u001b]52;c;ZWNobyBwd25lZA==\u0007';

describe('escapeControl', () => {
  it('turns an OSC 52 clipboard write into inert visible text', () => {
    const out = escapeControl(`rng${OSC52}`);
    expect(out).toBe('rng\\e]52;c;ZWNobyBwd25lZA==\\x07');
    expect(hasControl(out)).toBe(false);
    expect(hasControl(OSC52)).toBe(true);
  });

  it('escapes C0, DEL, C1, bidi overrides/isolates and line separators; keeps ordinary Unicode', () => {
    expect(escapeControl('a\u0003b\rc\u007fd\u009be')).toBe('a\\x03b\\rc\\x7fd\\x9be');
    expect(escapeControl('x\u202ey\u2066z\u2028')).toBe('x\\u202ey\\u2066z\\u2028');
    expect(escapeControl('héllo — 日本 🔴')).toBe('héllo — 日本 🔴');
    expect(escapeControl('one\ntwo\ttab')).toBe('one\\ntwo\\ttab');
    expect(escapeControlKeepLines('one\ntwo\u001b[2J')).toBe('one\ntwo\\e[2J');
  });
});

describe('boundText / safeText', () => {
  it('keeps short text and cuts long text with a note of what was cut', () => {
    expect(boundText('abc', 3)).toBe('abc');
    const cut = boundText('x'.repeat(200_000), 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut).toMatch(/… \(\+\d+ chars\)$/);
  });

  it('never splits a surrogate pair', () => {
    const cut = boundText('🔴'.repeat(100), 40);
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(() => encodeURIComponent(cut)).not.toThrow();
  });

  it('escapes before bounding, so the bound holds for the escaped form', () => {
    const out = safeText('\u001b'.repeat(1000), 64);
    expect(out.length).toBeLessThanOrEqual(64);
    expect(hasControl(out)).toBe(false);
  });
});
