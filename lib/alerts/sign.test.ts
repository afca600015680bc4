import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  EVENT_ID_HEADER,
  isUsableStandardSecret,
  requestHeaders,
  SIGNATURE_HEADER,
  signBody,
  STANDARD_ID_HEADER,
  STANDARD_SIGNATURE_HEADER,
  STANDARD_TIMESTAMP_HEADER,
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

  it('adds Standard Webhooks headers: v1,<base64 HMAC-SHA256 of "id.timestamp.body">', () => {
    const h = requestHeaders({ body, eventId: 'e1', at, secret: 's3cret', signed: true });
    expect(h[STANDARD_ID_HEADER]).toBe('e1');
    expect(h[STANDARD_TIMESTAMP_HEADER]).toBe('1795262400');
    const mac = createHmac('sha256', 's3cret').update(`e1.1795262400.${body}`).digest('base64');
    expect(h[STANDARD_SIGNATURE_HEADER]).toBe(`v1,${mac}`);
  });

  it('decodes a whsec_ secret as base64, as the specification says', () => {
    const key = Buffer.from('0123456789abcdef0123456789abcdef');
    const secret = `whsec_${key.toString('base64')}`;
    const h = requestHeaders({ body, eventId: 'e1', at, secret, signed: true });
    const mac = createHmac('sha256', key).update(`e1.1795262400.${body}`).digest('base64');
    expect(h[STANDARD_SIGNATURE_HEADER]).toBe(`v1,${mac}`);
    expect(isUsableStandardSecret(secret)).toBe(true);
    expect(isUsableStandardSecret('whsec_')).toBe(false);
    expect(isUsableStandardSecret('plain text secret')).toBe(true);
  });

  it('verifies with the standardwebhooks library now, and is refused 6 minutes later or re-timed', () => {
    const now = new Date();
    const h = requestHeaders({ body, eventId: 'e1', at: now, secret: 'sécret', signed: true });
    const wh = new Webhook(new TextEncoder().encode('sécret'), { format: 'raw' });
    expect(wh.verify(body, h)).toEqual({ version: 1, eventId: 'e1' });
    const old = requestHeaders({
      body,
      eventId: 'e1',
      at: new Date(now.getTime() - 6 * 60_000),
      secret: 'sécret',
      signed: true,
    });
    expect(() => wh.verify(body, old)).toThrow(/too old/);
    // A replay that swaps in a fresh timestamp no longer matches its signature.
    const replay = { ...old, [STANDARD_TIMESTAMP_HEADER]: h[STANDARD_TIMESTAMP_HEADER]! };
    expect(() => wh.verify(body, replay)).toThrow(/No matching signature/);
    expect(() => wh.verify(body.replace('e1', 'e2'), h)).toThrow(/No matching signature/);
  });

  it('does not sign without a secret or for an unsigned format, and never carries the secret', () => {
    const unsigned = requestHeaders({ body, eventId: 'e1', at, secret: null, signed: true });
    expect(unsigned[SIGNATURE_HEADER]).toBeUndefined();
    expect(unsigned[STANDARD_SIGNATURE_HEADER]).toBeUndefined();
    const slack = requestHeaders({ body, eventId: 'e1', at, secret: 's3cret', signed: false });
    expect(slack[SIGNATURE_HEADER]).toBeUndefined();
    expect(slack[STANDARD_SIGNATURE_HEADER]).toBeUndefined();
    expect(JSON.stringify(slack)).not.toContain('s3cret');
  });

  it('changes the signature when one byte of the body changes', () => {
    expect(signBody(body, 'k')).not.toBe(signBody(body.replace('e1', 'e2'), 'k'));
  });
});
