import { describe, expect, it } from 'vitest';
import { clientAddress, PEER_HEADER, peerAddress, peerHeaderValue } from './peer';

const h = (v: Record<string, string>) => new Headers(v);

describe('peer address', () => {
  it('believes only the stamp carrying this server process key', () => {
    expect(peerAddress(h({ [PEER_HEADER]: peerHeaderValue('k1', '::ffff:10.0.0.5') }), 'k1')).toBe(
      '10.0.0.5',
    );
    expect(peerAddress(h({ [PEER_HEADER]: peerHeaderValue('k2', '10.0.0.5') }), 'k1')).toBe('unknown');
    expect(peerAddress(h({ [PEER_HEADER]: '10.0.0.5' }), 'k1')).toBe('unknown');
    expect(peerAddress(h({ [PEER_HEADER]: peerHeaderValue('k1', '10.0.0.5') }), undefined)).toBe('unknown');
  });

  it('uses X-Forwarded-For only when the peer is a trusted proxy', () => {
    process.env.ENTROPY_WATCH_PEER_KEY = 'k';
    const headers = h({
      [PEER_HEADER]: peerHeaderValue('k', '10.0.0.1'),
      'x-forwarded-for': '1.2.3.4, 192.0.2.7',
    });
    expect(clientAddress(headers)).toBe('10.0.0.1');
    expect(clientAddress(headers, (a) => a === '10.0.0.1')).toBe('192.0.2.7');
  });
});
