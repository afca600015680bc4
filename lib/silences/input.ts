import { z } from 'zod';
import { hasMatcher } from './match';
import { MAX_SILENCE_MS, MATCHER_NAMES } from './types';

// What a person (or an API client) may ask for when creating or changing a silence. Pure: `now` is passed in.

const MAX_COMMENT = 2000;

/** zod's object error: a wrong shape, or fields it does not know (named, with what is allowed). */
function objectError(what: string, allowed: readonly string[]) {
  return (iss: { code?: string; keys?: string[] }) => {
    if (iss.code !== 'unrecognized_keys')
      return `${what} must be a JSON object with some of ${allowed.join(', ')}`;
    const keys = iss.keys ?? [];
    const who = keys.includes('createdBy') ? ' (the creator is whoever is signed in or owns the token)' : '';
    return `unknown field ${keys.map((k) => `"${k}"`).join(', ')} in ${what}; allowed: ${allowed.join(', ')}${who}`;
  };
}

const matcherValue = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, `${what} must not be empty; leave it out to match any`)
    .max(200, `${what} must be at most 200 characters`);

export const matchersSchema = z
  .strictObject(
    {
      rule: matcherValue('rule').optional(),
      target: matcherValue('target').optional(),
      host: matcherValue('host').optional(),
      subject: z.string().trim().max(200, 'subject must be at most 200 characters').optional(),
    },
    { error: objectError('matchers', MATCHER_NAMES) },
  )
  .refine((m) => hasMatcher(m), {
    message: `set at least one of ${MATCHER_NAMES.join(', ')}: a silence that matches everything is not allowed`,
  });

/** The required comment: why (a ticket, a maintenance window). */
export const silenceCommentSchema = z
  .string({ error: 'comment is required: say why this is silenced (a ticket, a maintenance window)' })
  .trim()
  .min(1, 'comment is required: say why this is silenced (a ticket, a maintenance window)')
  .max(MAX_COMMENT, `comment must be at most ${MAX_COMMENT} characters`);

/** expiresAt as ISO 8601 text, strictly after now and at most 90 days ahead. */
function expiresAt(now: Date) {
  return z
    .string({ error: 'expiresAt is required: an ISO 8601 time like 2026-12-01T08:00:00Z' })
    .transform((text, ctx) => {
      const d = parseIso(text);
      if (!d) {
        ctx.addIssue({
          code: 'custom',
          message: `expiresAt must be an ISO 8601 time like 2026-12-01T08:00:00Z, got "${text.slice(0, 60)}"`,
        });
        return z.NEVER;
      }
      const problem = checkExpiry(d, now);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return d;
    });
}

/** Why an expiry is not allowed, or null: it must be in the future and at most 90 days from now. */
export function checkExpiry(expires: Date, now: Date): string | null {
  const ms = expires.getTime() - now.getTime();
  if (ms <= 0) return `expiresAt must be in the future (now is ${now.toISOString()})`;
  if (ms > MAX_SILENCE_MS) {
    return (
      `expiresAt may be at most 90 days ahead (${new Date(now.getTime() + MAX_SILENCE_MS).toISOString()}); ` +
      'for a permanent decision add an accept: entry to the inventory instead'
    );
  }
  return null;
}

function parseIso(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(text.trim()))
    return null;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** Body of POST /api/v1/silences. */
export function createSilenceSchema(now: Date) {
  return z.strictObject(
    { matchers: matchersSchema, comment: silenceCommentSchema, expiresAt: expiresAt(now) },
    { error: objectError('the body', ['matchers', 'comment', 'expiresAt']) },
  );
}

/** Body of PATCH /api/v1/silences/{id}: any of the three; matchers replace the old ones whole. */
export function updateSilenceSchema(now: Date) {
  return z
    .strictObject(
      {
        matchers: matchersSchema.optional(),
        comment: silenceCommentSchema.optional(),
        expiresAt: expiresAt(now).optional(),
      },
      { error: objectError('the body', ['matchers', 'comment', 'expiresAt']) },
    )
    .refine((b) => b.matchers !== undefined || b.comment !== undefined || b.expiresAt !== undefined, {
      message: 'nothing to change: send matchers, comment or expiresAt',
    });
}

export type CreateSilenceInput = z.output<ReturnType<typeof createSilenceSchema>>;
export type UpdateSilenceInput = z.output<ReturnType<typeof updateSilenceSchema>>;

/** Durations the UI offers for a new silence. */
export const SILENCE_DURATIONS = {
  '1h': 3_600_000,
  '4h': 4 * 3_600_000,
  '1d': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  '90d': MAX_SILENCE_MS,
} as const;
export type SilenceDuration = keyof typeof SILENCE_DURATIONS;
