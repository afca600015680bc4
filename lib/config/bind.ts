import { isIP } from 'node:net';

// Where the dashboard listens. Pure. HOST defaults to 127.0.0.1: nothing off this machine reaches the
// dashboard until someone decides so (and, ideally, puts https in front).

export const DEFAULT_HOST = '127.0.0.1';

/** Validates HOST; returns the address to bind or an error message naming the variable. */
export function parseHost(
  value: string | undefined,
): { ok: true; host: string } | { ok: false; error: string } {
  const host = (value ?? '').trim() || DEFAULT_HOST;
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare) || /^[a-zA-Z0-9]([a-zA-Z0-9.-]{0,251}[a-zA-Z0-9])?$/.test(bare))
    return { ok: true, host: bare };
  return {
    ok: false,
    error: `HOST="${value}" must be an IP address or host name to listen on, e.g. 127.0.0.1 or 0.0.0.0`,
  };
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** The URL to print for a bound address ("every interface" binds print the public URL or localhost). */
export function dashboardUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::') return `http://localhost:${port}`;
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/** One-line warning when the dashboard is reachable from other machines without https; null otherwise. */
export function bindWarning(host: string, publicUrl: string | undefined): string | null {
  if (isLoopback(host)) return null;
  if (publicUrl?.startsWith('https://')) return null;
  return `warning: listening on ${host} without https: passwords and session cookies cross the network in clear text; put a TLS proxy in front and set ENTROPY_WATCH_PUBLIC_URL=https://...`;
}
