import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';
import { didYouMean } from './issues';
import { redactUrl } from './redact';
import { substituteEnv } from './substitute';

describe('parseDuration', () => {
  it('reads units and bare seconds', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('10s')).toBe(10_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('4h')).toBe(14_400_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration(90)).toBe(90_000);
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration(0)).toBe(0);
  });

  it('rejects what is not a duration', () => {
    for (const bad of ['10x', '-1s', 's', '', '1 day', -5, null, true, [1]])
      expect(parseDuration(bad)).toBeUndefined();
  });

  it('formats back to the largest whole unit', () => {
    expect(formatDuration(120_000)).toBe('2m');
    expect(formatDuration(90_000)).toBe('90s');
    expect(formatDuration(1500)).toBe('1500ms');
  });
});

describe('redactUrl', () => {
  it('hides all user-info and the path, keeps scheme and host', () => {
    expect(redactUrl('https://user:pa55@hooks.example.com/services/T0/B0/tok?x=1')).toBe(
      'https://***@hooks.example.com/...',
    );
    // A token used as the user name is as secret as a password.
    expect(redactUrl('https://ghp_T0KEN@hooks.example.com/')).toBe('https://***@hooks.example.com/');
    expect(redactUrl('https://:pa55@hooks.example.com')).toBe('https://***@hooks.example.com/');
    expect(redactUrl('http://hooks.example.com:8080/')).toBe('http://hooks.example.com:8080/');
    expect(redactUrl('https://hooks.example.com/path')).toBe('https://hooks.example.com/...');
  });

  it('redacts credentials even when the text is not a valid URL', () => {
    const out = redactUrl('htps//bob:pa55@host/x');
    expect(out).not.toContain('pa55');
    expect(out).not.toContain('bob');
    expect(redactUrl('not a url ghp_T0KEN@host')).not.toContain('T0KEN');
    expect(out).not.toContain('/x');
  });
});

describe('substituteEnv', () => {
  const env = { A: 'alpha', EMPTY: '' };
  it('replaces variables and keeps $${ literal', () => {
    expect(substituteEnv('x-${A}-${EMPTY}-y', env)).toEqual({ ok: true, value: 'x-alpha--y' });
    expect(substituteEnv('cost $${A} and ${A}', env)).toEqual({ ok: true, value: 'cost ${A} and alpha' });
    expect(substituteEnv('plain $A text', env)).toEqual({ ok: true, value: 'plain $A text' });
  });

  it('names what is wrong', () => {
    expect(substituteEnv('${NOPE}', env)).toEqual({
      ok: false,
      error: 'environment variable NOPE is not set (export it, or write "$${" for a literal "${")',
    });
    expect(substituteEnv('${A', env)).toEqual({
      ok: false,
      error: 'unterminated "${" (write "$${" for a literal "${")',
    });
    expect(substituteEnv('${1X}', env)).toMatchObject({
      ok: false,
      error: expect.stringContaining('"${1X}"'),
    });
  });
});

describe('didYouMean', () => {
  it('suggests only close candidates', () => {
    expect(didYouMean('adress', ['address', 'name'])).toBe('address');
    expect(didYouMean('intreval', ['interval', 'timeout'])).toBe('interval');
    expect(didYouMean('colour', ['interval', 'hosts'])).toBeNull();
  });
});
