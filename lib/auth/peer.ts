import { timingSafeEqual } from 'node:crypto';
import { normalizeAddress } from './proxy-config';

/**
 * The TCP peer's address, set by scripts/serve.ts on every request as "<key> <address>" (overwriting
 * whatever a client sent). `next start` alone only fills X-Forwarded-For when the client did not send
 * one, so that header proves nothing. The key is random per server process (PEER_KEY_ENV, set by
 * serve.ts): a server started some other way has none, and every address reads as "unknown", so the
 * auth proxy is never trusted there (fail closed).
 */
export const PEER_HEADER = 'x-entropy-watch-peer';
export const PEER_KEY_ENV = 'ENTROPY_WATCH_PEER_KEY';

/** The header value serve.ts sets. */
export function peerHeaderValue(key: string, address: string): string {
  return `${key} ${address}`;
}

/** The verified TCP peer address of a request, or "unknown". */
export function peerAddress(headers: Headers, key: string | undefined = process.env[PEER_KEY_ENV]): string {
  const value = headers.get(PEER_HEADER);
  if (!value || !key) return 'unknown';
  const space = value.indexOf(' ');
  const given = Buffer.from(value.slice(0, Math.max(space, 0)));
  const want = Buffer.from(key);
  if (space < 0 || given.length !== want.length || !timingSafeEqual(given, want)) return 'unknown';
  return normalizeAddress(value.slice(space + 1).trim()) || 'unknown';
}

/** The client's address: the TCP peer; when the peer is a trusted proxy, the address it forwarded. */
export function clientAddress(
  headers: Headers,
  isTrustedProxy: (a: string) => boolean = () => false,
): string {
  const peer = peerAddress(headers);
  if (peer !== 'unknown' && isTrustedProxy(peer)) {
    const forwarded = headers.get('x-forwarded-for')?.split(',').pop()?.trim();
    if (forwarded) return normalizeAddress(forwarded);
  }
  return peer;
}
