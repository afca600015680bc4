// CSRF defence on top of SameSite=Lax cookies: a state-changing request from a browser must come from the
// dashboard's own origin. Pure. Browsers send Sec-Fetch-Site and Origin on every POST; requests without
// either come from scripts (curl, an API client with a Bearer token), which CSRF cannot forge.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Checks a request's Origin / Sec-Fetch-Site against the origins the dashboard answers on: the one the
 * request was addressed to (scheme + Host) and ENTROPY_WATCH_PUBLIC_URL's.
 */
export function checkOrigin(method: string, headers: Headers, ownOrigins: string[]): OriginVerdict {
  if (SAFE_METHODS.has(method.toUpperCase())) return { ok: true };
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') {
    return { ok: false, reason: `cross-site request refused (Sec-Fetch-Site: ${site})` };
  }
  const origin = headers.get('origin');
  if (origin === null) return { ok: true };
  if (!ownOrigins.some((o) => o.toLowerCase() === origin.toLowerCase())) {
    return { ok: false, reason: `cross-site request refused (Origin ${origin} is not this dashboard)` };
  }
  return { ok: true };
}

/** The origin a request was addressed to, from its Host header and scheme. */
export function requestOrigin(headers: Headers, fallbackProto: string): string | null {
  const host = headers.get('host');
  if (!host) return null;
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || fallbackProto;
  return `${proto}://${host}`;
}
