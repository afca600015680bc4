// Response headers for every page and API answer. Pure.
// CSP: scripts only from this origin and with the per-request nonce Next.js puts on its own inline
// scripts ('strict-dynamic' lets those load their chunks). Styles allow 'unsafe-inline' because React
// and Recharts set style attributes, which nonces cannot cover; no script can run from a style.

export interface HeaderOptions {
  nonce: string;
  https: boolean;
  dev: boolean;
}

export function contentSecurityPolicy({ nonce, dev }: Pick<HeaderOptions, 'nonce' | 'dev'>): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(opts: HeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(opts),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    // Only features every current browser knows: an unknown one is a console error in Chromium.
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(opts.https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
