import { createHmac } from 'node:crypto';
import pkg from '../../package.json' with { type: 'json' };

export const SIGNATURE_HEADER = 'X-Entropy-Watch-Signature-256';
export const EVENT_ID_HEADER = 'X-Entropy-Watch-Event-Id';
export const TIMESTAMP_HEADER = 'X-Entropy-Watch-Timestamp';
export const USER_AGENT = `entropy-watch/${pkg.version}`;

/** `sha256=<hex HMAC-SHA256 of the raw body>`, the value of X-Entropy-Watch-Signature-256. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface RequestHeaderInput {
  body: string;
  eventId: string;
  /** the send time of this attempt */
  at: Date;
  /** the webhook's secret, or null; only used when the format is signed */
  secret: string | null;
  signed: boolean;
}

/**
 * Headers of one delivery attempt. The signature covers the raw body only, so it is the same on every
 * retry; the timestamp is informational (unsigned) and changes per attempt. A receiver that wants
 * replay protection keeps the event ids it has seen (they are unique per event).
 */
export function requestHeaders(input: RequestHeaderInput): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': USER_AGENT,
    [EVENT_ID_HEADER]: input.eventId,
    [TIMESTAMP_HEADER]: String(Math.floor(input.at.getTime() / 1000)),
  };
  if (input.signed && input.secret) headers[SIGNATURE_HEADER] = signBody(input.body, input.secret);
  return headers;
}
