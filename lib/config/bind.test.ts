import { describe, expect, it } from 'vitest';
import { bindWarning, dashboardUrl, parseHost } from './bind';

describe('bind address', () => {
  it('defaults HOST to 127.0.0.1 and refuses nonsense', () => {
    expect(parseHost(undefined)).toEqual({ ok: true, host: '127.0.0.1' });
    expect(parseHost('  ')).toEqual({ ok: true, host: '127.0.0.1' });
    expect(parseHost('[::1]')).toEqual({ ok: true, host: '::1' });
    expect(parseHost('0.0.0.0')).toEqual({ ok: true, host: '0.0.0.0' });
    expect(parseHost('http://x')).toMatchObject({
      ok: false,
      error: expect.stringContaining('HOST="http://x"'),
    });
  });
  it('warns only for non-loopback binds without https', () => {
    expect(bindWarning('127.0.0.1', undefined)).toBeNull();
    expect(bindWarning('0.0.0.0', 'https://ew.example.com')).toBeNull();
    expect(bindWarning('0.0.0.0', undefined)).toMatch(/^warning: listening on 0.0.0.0 without https/);
    expect(bindWarning('10.0.0.2', 'http://10.0.0.2:3000')).not.toBeNull();
  });
  it('prints a URL a browser can open', () => {
    expect(dashboardUrl('127.0.0.1', 3000)).toBe('http://127.0.0.1:3000');
    expect(dashboardUrl('::1', 3000)).toBe('http://[::1]:3000');
    expect(dashboardUrl('0.0.0.0', 3000)).toBe('http://localhost:3000');
  });
});
