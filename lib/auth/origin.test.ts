import { describe, expect, it } from 'vitest';
import { checkOrigin, requestOrigin } from './origin';

const own = ['http://127.0.0.1:3000', 'https://entropy.example.com'];
const h = (o: Record<string, string>) => new Headers(o);

describe('checkOrigin', () => {
  it('lets safe methods through whatever their origin', () => {
    expect(
      checkOrigin('GET', h({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }), own).ok,
    ).toBe(true);
  });
  it('refuses a cross-site POST by Origin and by Sec-Fetch-Site', () => {
    expect(checkOrigin('POST', h({ origin: 'https://evil.example' }), own)).toEqual({
      ok: false,
      reason: 'cross-site request refused (Origin https://evil.example is not this dashboard)',
    });
    expect(checkOrigin('POST', h({ 'sec-fetch-site': 'same-site' }), own).ok).toBe(false);
    expect(checkOrigin('DELETE', h({ origin: 'null' }), own).ok).toBe(false);
  });
  it('accepts the own origins and requests with no browser headers (scripts)', () => {
    expect(
      checkOrigin('POST', h({ origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }), own).ok,
    ).toBe(true);
    expect(checkOrigin('POST', h({ origin: 'https://ENTROPY.example.com' }), own).ok).toBe(true);
    expect(checkOrigin('POST', h({}), own).ok).toBe(true);
  });
  it('does not take a same-host different-port origin for its own', () => {
    expect(checkOrigin('POST', h({ origin: 'http://127.0.0.1:3001' }), own).ok).toBe(false);
  });
});

describe('requestOrigin', () => {
  it('builds scheme://host', () => {
    expect(requestOrigin(h({ host: 'a:1' }), 'http')).toBe('http://a:1');
    expect(requestOrigin(h({ host: 'a', 'x-forwarded-proto': 'https' }), 'http')).toBe('https://a');
    expect(requestOrigin(h({}), 'http')).toBeNull();
  });
});
