import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it('sets a nonce CSP that forbids framing, and the other headers', () => {
    const h = securityHeaders({ nonce: 'abc', https: false, dev: false });
    expect(h['Content-Security-Policy']).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(h['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect(h['Content-Security-Policy']).not.toContain('unsafe-eval');
    expect(h).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
    });
    expect(h['Permissions-Policy']).toMatch(/camera=\(\)/);
    expect(h['Strict-Transport-Security']).toBeUndefined();
  });

  it('adds HSTS over https, and eval only for the dev server', () => {
    expect(securityHeaders({ nonce: 'n', https: true, dev: false })['Strict-Transport-Security']).toMatch(
      /^max-age=\d+/,
    );
    expect(securityHeaders({ nonce: 'n', https: false, dev: true })['Content-Security-Policy']).toContain(
      "'unsafe-eval'",
    );
  });
});
