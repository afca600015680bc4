import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EVENT_ID_HEADER,
  requestHeaders,
  SIGNATURE_HEADER,
  signBody,
  TIMESTAMP_HEADER,
  USER_AGENT,
} from './sign';

const body = '{"version":1,"eventId":"e1"}';
const at = new Date('2026-11-21T12:00:00.900Z');

describe('requestHeaders', () => {
  it('signs the raw body with HMAC-SHA256 when the format is signed and a secret is set', () => {
    const h = requestHeaders({ body, eventId: 'e1', at, secret: 's3cret', signed: true });
    const expected = createHmac('sha256', 's3cret').update(body).digest('hex');
    expect(h[SIGNATURE_HEADER]).toBe(`sha256=${expected}`);
    expect(h[EVENT_ID_HEADER]).toBe('e1');
    expect(h[TIMESTAMP_HEADER]).toBe('1795262400');
    expect(h['Content-Type']).toBe('application/json');
    expect(h['User-Agent']).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(/^entropy-watch\/\d+\.\d+\.\d+/);
  });

  it('does not sign without a secret or for an unsigned format, and never carries the secret', () => {
    expect(
      requestHeaders({ body, eventId: 'e1', at, secret: null, signed: true })[SIGNATURE_HEADER],
    ).toBeUndefined();
    const slack = requestHeaders({ body, eventId: 'e1', at, secret: 's3cret', signed: false });
    expect(slack[SIGNATURE_HEADER]).toBeUndefined();
    expect(JSON.stringify(slack)).not.toContain('s3cret');
  });

  it('changes the signature when one byte of the body changes', () => {
    expect(signBody(body, 'k')).not.toBe(signBody(body.replace('e1', 'e2'), 'k'));
  });
});
