import { describe, expect, it } from 'vitest';
import { backoffDelayMs, decideRetry, DEFAULT_BACKOFF, describeMs, parseRetryAfter } from './backoff';

const now = new Date('2026-11-21T12:00:00Z');
const low = () => 0;
const high = () => 0.999999;

describe('backoffDelayMs', () => {
  it('starts at 5 s, doubles per failure and stops at 10 min', () => {
    const full = [1, 2, 3, 4, 8, 20].map((n) => backoffDelayMs(n, DEFAULT_BACKOFF, high));
    expect(full).toEqual([5_000, 10_000, 20_000, 40_000, 600_000, 600_000]);
  });

  it('jitters between half and all of the step', () => {
    expect(backoffDelayMs(2, DEFAULT_BACKOFF, low)).toBe(5_000);
    expect(backoffDelayMs(2, DEFAULT_BACKOFF, () => 0.5)).toBe(7_500);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates, and rejects anything else', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('1.5', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('decideRetry', () => {
  const base = { createdAt: new Date(now.getTime() - 60_000), now, policy: DEFAULT_BACKOFF, random: high };

  it('schedules the next attempt by backoff', () => {
    expect(decideRetry({ ...base, failures: 3, retryAfterMs: null })).toEqual({
      state: 'pending',
      nextAttemptAt: new Date(now.getTime() + 20_000),
    });
  });

  it('waits at least Retry-After, clamped to one hour', () => {
    const after = (ms: number) => decideRetry({ ...base, failures: 1, retryAfterMs: ms });
    expect(after(120_000)).toEqual({ state: 'pending', nextAttemptAt: new Date(now.getTime() + 120_000) });
    expect(after(5 * 3_600_000)).toEqual({
      state: 'pending',
      nextAttemptAt: new Date(now.getTime() + 3_600_000),
    });
    expect(after(1_000)).toEqual({ state: 'pending', nextAttemptAt: new Date(now.getTime() + 5_000) });
  });

  it('makes the last try at the 24 h deadline, then gives up', () => {
    const createdAt = new Date(now.getTime() - 24 * 3_600_000 + 1_000);
    expect(decideRetry({ ...base, createdAt, failures: 150, retryAfterMs: null })).toEqual({
      state: 'pending',
      nextAttemptAt: new Date(now.getTime() + 1_000),
    });
    const dead = decideRetry({
      ...base,
      createdAt,
      now: new Date(now.getTime() + 1_000),
      failures: 151,
      retryAfterMs: null,
    });
    expect(dead).toEqual({ state: 'dead', reason: 'gave up after 151 attempts over 24 h' });
  });
});

describe('describeMs', () => {
  it('names durations in the largest fitting unit', () => {
    expect([86_400_000, 5_400_000, 600_000, 30_000, 400].map(describeMs)).toEqual([
      '24 h',
      '1.5 h',
      '10 min',
      '30 s',
      '400 ms',
    ]);
  });
});
