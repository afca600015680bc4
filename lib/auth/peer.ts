import { normalizeAddress } from './proxy-config';

/**
 * The TCP peer's address, set by scripts/serve.ts on every request (overwriting whatever a client sent).
 * `next start` alone only fills X-Forwarded-For when the client did not, so that header proves nothing.
 */
export const PEER_HEADER = 'x-entropy-watch-peer';

/** The client's address: the TCP peer; when the peer is a trusted proxy, the address it forwarded. */
export function clientAddress(
  headers: Headers,
  isTrustedProxy: (a: string) => boolean = () => false,
): string {
  const peer = normalizeAddress(headers.get(PEER_HEADER) ?? '') || 'unknown';
  if (peer !== 'unknown' && isTrustedProxy(peer)) {
    const forwarded = headers.get('x-forwarded-for')?.split(',').pop()?.trim();
    if (forwarded) return normalizeAddress(forwarded);
  }
  return peer;
}
