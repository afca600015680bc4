import { describe, expect, it } from 'vitest';
import { appNow, TestClockError, testClock } from './clock';

describe('appNow', () => {
  it('is the wall clock when no test time is set', () => {
    const before = Date.now();
    const now = appNow({}).getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(testClock({ ENTROPY_WATCH_TEST_MODE: '1' })).toBeNull();
  });

  it('is the fixed test time when both test variables are set', () => {
    const env = { ENTROPY_WATCH_TEST_NOW: '2026-11-21T12:00:00.000Z', ENTROPY_WATCH_TEST_MODE: '1' };
    expect(appNow(env).toISOString()).toBe('2026-11-21T12:00:00.000Z');
    // Each call gets its own Date: a caller mutating it cannot move the clock.
    const a = appNow(env);
    a.setFullYear(2000);
    expect(appNow(env).toISOString()).toBe('2026-11-21T12:00:00.000Z');
  });

  it('refuses a test time without the test mode flag, naming both variables', () => {
    const env = { ENTROPY_WATCH_TEST_NOW: '2026-11-21T12:00:00Z' };
    expect(() => appNow(env)).toThrow(TestClockError);
    expect(() => appNow(env)).toThrow(
      /ENTROPY_WATCH_TEST_NOW is a test-only setting.*ENTROPY_WATCH_TEST_MODE=1/,
    );
    expect(() => appNow({ ...env, ENTROPY_WATCH_TEST_MODE: 'true' })).toThrow(TestClockError);
  });

  it('refuses a value that is not an ISO 8601 time', () => {
    for (const bad of ['yesterday', '1764000000000', '2026-13-45T00:00:00Z']) {
      expect(() => appNow({ ENTROPY_WATCH_TEST_NOW: bad, ENTROPY_WATCH_TEST_MODE: '1' })).toThrow(
        /must be an ISO 8601 time/,
      );
    }
  });
});
