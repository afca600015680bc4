import { describe, expect, it } from 'vitest';
import { checkExpiry, createSilenceSchema, updateSilenceSchema } from './input';

const NOW = new Date('2026-11-21T12:00:00Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

function messages(r: { success: boolean; error?: { issues: { message: string }[] } }): string {
  return r.success ? '' : (r.error?.issues.map((i) => i.message).join('; ') ?? '');
}

describe('createSilenceSchema', () => {
  const schema = createSilenceSchema(NOW);

  it('accepts matchers, a comment and an expiry within 90 days', () => {
    const r = schema.parse({
      matchers: { rule: 'disk-cache-unsafe', target: 'ci-1' },
      comment: ' CI runs unsafe on purpose ',
      expiresAt: iso(DAY),
    });
    expect(r).toEqual({
      matchers: { rule: 'disk-cache-unsafe', target: 'ci-1' },
      comment: 'CI runs unsafe on purpose',
      expiresAt: new Date(NOW.getTime() + DAY),
    });
  });

  it('requires a comment that says why', () => {
    const r = schema.safeParse({ matchers: { rule: 'x' }, comment: '   ', expiresAt: iso(DAY) });
    expect(messages(r)).toMatch(/comment is required: say why/);
    expect(messages(schema.safeParse({ matchers: { rule: 'x' }, expiresAt: iso(DAY) }))).toMatch(
      /comment is required/,
    );
  });

  it('requires at least one matcher', () => {
    expect(messages(schema.safeParse({ matchers: {}, comment: 'c', expiresAt: iso(DAY) }))).toMatch(
      /set at least one of rule, target, host, subject/,
    );
    expect(
      messages(schema.safeParse({ matchers: { colour: 'red' }, comment: 'c', expiresAt: iso(DAY) })),
    ).toMatch(/colour|matchers/);
  });

  it('caps the expiry at 90 days and refuses the past, now and non-ISO text', () => {
    expect(
      schema.safeParse({ matchers: { rule: 'x' }, comment: 'c', expiresAt: iso(90 * DAY) }).success,
    ).toBe(true);
    expect(
      messages(schema.safeParse({ matchers: { rule: 'x' }, comment: 'c', expiresAt: iso(90 * DAY + 1000) })),
    ).toMatch(/at most 90 days ahead.*accept: entry/);
    expect(messages(schema.safeParse({ matchers: { rule: 'x' }, comment: 'c', expiresAt: iso(0) }))).toMatch(
      /must be in the future/,
    );
    expect(
      messages(schema.safeParse({ matchers: { rule: 'x' }, comment: 'c', expiresAt: 'next tuesday' })),
    ).toMatch(/ISO 8601/);
    expect(messages(schema.safeParse({ matchers: { rule: 'x' }, comment: 'c' }))).toMatch(
      /expiresAt is required/,
    );
  });
});

describe('checkExpiry', () => {
  it('allows exactly 90 days and one millisecond from now, nothing outside', () => {
    expect(checkExpiry(new Date(NOW.getTime() + 1), NOW)).toBeNull();
    expect(checkExpiry(new Date(NOW.getTime() + 90 * DAY), NOW)).toBeNull();
    expect(checkExpiry(new Date(NOW.getTime() + 90 * DAY + 1), NOW)).toMatch(/90 days/);
    expect(checkExpiry(NOW, NOW)).toMatch(/future/);
  });
});

describe('updateSilenceSchema', () => {
  it('takes any of matchers, comment and expiresAt, and refuses an empty change', () => {
    const schema = updateSilenceSchema(NOW);
    expect(schema.parse({ comment: 'longer window' })).toEqual({ comment: 'longer window' });
    expect(messages(schema.safeParse({}))).toMatch(/nothing to change/);
    expect(messages(schema.safeParse({ expiresAt: iso(91 * DAY) }))).toMatch(/90 days/);
  });
});
