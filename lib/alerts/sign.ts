import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import pkg from '../../package.json' with { type: 'json' };

// Entropy Watch's own headers, kept unchanged so receivers written against them keep working.
export const SIGNATURE_HEADER = 'X-Entropy-Watch-Signature-256';
export const EVENT_ID_HEADER = 'X-Entropy-Watch-Event-Id';
export const TIMESTAMP_HEADER = 'X-Entropy-Watch-Timestamp';
// Standard Webhooks (https://www.standardwebhooks.com/, spec/standard-webhooks.md): the signature covers
// "id.timestamp.body", so a captured request cannot be replayed with a fresh timestamp.
export const STANDARD_ID_HEADER = 'webhook-id';
export const STANDARD_TIMESTAMP_HEADER = 'webhook-timestamp';
export const STANDARD_SIGNATURE_HEADER = 'webhook-signature';
/** The spec's secret prefix: what follows it is the base64 of the key bytes. */
export const STANDARD_SECRET_PREFIX = 'whsec_';
export const USER_AGENT = `entropy-watch/${pkg.version}`;

/** `sha256=<hex HMAC-SHA256 of the raw body>`, the value of X-Entropy-Watch-Signature-256. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * The Standard Webhooks signer for a configured secret: a `whsec_<base64>` secret is decoded as the spec
 * says; any other secret is used as its UTF-8 bytes (the same key as the X-Entropy-Watch signature), which
 * receivers get with `new Webhook(bytes, { format: 'raw' })`.
 */
export function standardSigner(secret: string): Webhook {
  if (secret.startsWith(STANDARD_SECRET_PREFIX)) return new Webhook(secret);
  return new Webhook(new TextEncoder().encode(secret), { format: 'raw' });
}

/** Whether a `whsec_` secret decodes; the inventory loader refuses one that does not. */
export function isUsableStandardSecret(secret: string): boolean {
  if (!secret.startsWith(STANDARD_SECRET_PREFIX)) return true;
  try {
    standardSigner(secret);
    return true;
  } catch {
    return false;
  }
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
 * Headers of one delivery attempt. `webhook-signature` signs id, send time and body, so it is computed
 * afresh for every attempt (a retry an hour later is not mistaken for a replay) while the id stays the
 * event's, which receivers use to drop duplicates. X-Entropy-Watch-Signature-256 still covers the body only.
 */
export function requestHeaders(input: RequestHeaderInput): Record<string, string> {
  const seconds = String(Math.floor(input.at.getTime() / 1000));
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': USER_AGENT,
    [EVENT_ID_HEADER]: input.eventId,
    [TIMESTAMP_HEADER]: seconds,
    [STANDARD_ID_HEADER]: input.eventId,
    [STANDARD_TIMESTAMP_HEADER]: seconds,
  };
  if (input.signed && input.secret) {
    headers[SIGNATURE_HEADER] = signBody(input.body, input.secret);
    headers[STANDARD_SIGNATURE_HEADER] = standardSigner(input.secret).sign(
      input.eventId,
      input.at,
      input.body,
    );
  }
  return headers;
}
