import { describe, expect, it } from 'vitest';
import {
  compareHealth,
  deriveFreshness,
  freshnessAt,
  deriveTargetStatus,
  isStale,
  isUnhealthy,
  kernelRngModel,
  pollAgeMs,
  staleAfterMs,
  worseFreshness,
  worseStatus,
  type PollState,
} from './target-status';

const NOW = new Date('2026-11-21T12:00:00Z');
const LIMIT = 180_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const poll = (patch: Partial<PollState>): PollState => ({
  lastStatus: 'ok',
  lastPollAt: ago(10_000),
  ...patch,
});

describe('staleAfterMs / isStale', () => {
  it('is three collector intervals, 60 s interval when unknown', () => {
    expect(staleAfterMs(30_000)).toBe(90_000);
    expect(staleAfterMs(null)).toBe(180_000);
    expect(staleAfterMs(0)).toBe(180_000);
  });

  it('counts a poll exactly at the limit as fresh, one ms older as stale, never polled as stale', () => {
    expect(isStale(ago(LIMIT), NOW, LIMIT)).toBe(false);
    expect(isStale(ago(LIMIT + 1), NOW, LIMIT)).toBe(true);
    expect(isStale(null, NOW, LIMIT)).toBe(true);
  });
});

describe('deriveTargetStatus', () => {
  it('is the worst open finding, ok when none is open', () => {
    expect(deriveTargetStatus({ critical: 0, warning: 0, info: 0 })).toBe('ok');
    expect(deriveTargetStatus({ critical: 0, warning: 0, info: 3 })).toBe('info');
    expect(deriveTargetStatus({ critical: 0, warning: 1, info: 1 })).toBe('warning');
    expect(deriveTargetStatus({ critical: 1, warning: 2, info: 0 })).toBe('critical');
  });
});

describe('deriveFreshness', () => {
  it('is fresh after a recent ok poll', () => {
    expect(deriveFreshness(poll({}), NOW, LIMIT)).toBe('fresh');
    expect(deriveFreshness(poll({ lastPollAt: ago(LIMIT) }), NOW, LIMIT)).toBe('fresh');
  });

  it('is stale when the last ok poll is too old or there was none', () => {
    expect(deriveFreshness(poll({ lastPollAt: ago(LIMIT + 1) }), NOW, LIMIT)).toBe('stale');
    expect(deriveFreshness(poll({ lastStatus: null, lastPollAt: null }), NOW, LIMIT)).toBe('stale');
  });

  it.each(['timeout', 'refused', 'auth-failed', 'host-key-mismatch', 'parse-error'])(
    'is unreachable when the latest poll ended in %s, however old',
    (lastStatus) => {
      expect(deriveFreshness(poll({ lastStatus }), NOW, LIMIT)).toBe('unreachable');
      expect(deriveFreshness(poll({ lastStatus, lastPollAt: ago(LIMIT * 10) }), NOW, LIMIT)).toBe(
        'unreachable',
      );
    },
  );
});

describe('freshnessAt', () => {
  it('judges Unix milliseconds as deriveFreshness judges Dates', () => {
    const now = NOW.getTime();
    expect(freshnessAt('ok', now - LIMIT, now, LIMIT)).toBe('fresh');
    expect(freshnessAt('ok', now - LIMIT - 1, now, LIMIT)).toBe('stale');
    expect(freshnessAt('ok', null, now, LIMIT)).toBe('stale');
    expect(freshnessAt(null, now, now, LIMIT)).toBe('stale');
    expect(freshnessAt('timeout', now, now, LIMIT)).toBe('unreachable');
  });
});

describe('pollAgeMs', () => {
  it('is the time since the last poll, null when never polled, never negative', () => {
    expect(pollAgeMs(ago(7_200_000), NOW)).toBe(7_200_000);
    expect(pollAgeMs(null, NOW)).toBeNull();
    expect(pollAgeMs(new Date(NOW.getTime() + 5_000), NOW)).toBe(0);
  });
});

describe('isUnhealthy', () => {
  it('counts critical and warning whatever the freshness, and any target whose data is not fresh', () => {
    expect(isUnhealthy({ status: 'critical', freshness: 'fresh' })).toBe(true);
    expect(isUnhealthy({ status: 'critical', freshness: 'stale' })).toBe(true);
    expect(isUnhealthy({ status: 'warning', freshness: 'fresh' })).toBe(true);
    expect(isUnhealthy({ status: 'ok', freshness: 'stale' })).toBe(true);
    expect(isUnhealthy({ status: 'info', freshness: 'unreachable' })).toBe(true);
    expect(isUnhealthy({ status: 'info', freshness: 'fresh' })).toBe(false);
    expect(isUnhealthy({ status: 'ok', freshness: 'fresh' })).toBe(false);
  });
});

describe('compareHealth / worseStatus / worseFreshness', () => {
  it('sorts by severity first, then freshness: critical on stale data before a stale ok target', () => {
    const list = [
      { status: 'ok', freshness: 'unreachable' },
      { status: 'critical', freshness: 'fresh' },
      { status: 'ok', freshness: 'stale' },
      { status: 'critical', freshness: 'stale' },
      { status: 'warning', freshness: 'fresh' },
      { status: 'info', freshness: 'fresh' },
    ] as const;
    expect([...list].sort(compareHealth).map((t) => `${t.status}/${t.freshness}`)).toEqual([
      'critical/stale',
      'critical/fresh',
      'warning/fresh',
      'info/fresh',
      'ok/unreachable',
      'ok/stale',
    ]);
  });

  it('picks the worse of two', () => {
    expect(worseStatus('ok', 'info')).toBe('info');
    expect(worseStatus('critical', 'warning')).toBe('critical');
    expect(worseFreshness('fresh', 'stale')).toBe('stale');
    expect(worseFreshness('unreachable', 'stale')).toBe('unreachable');
  });
});

describe('kernelRngModel', () => {
  it('reads 256 as modern, other pool sizes as legacy, null as unknown', () => {
    expect(kernelRngModel(256)).toBe('modern');
    expect(kernelRngModel(4096)).toBe('legacy');
    expect(kernelRngModel(null)).toBe('unknown');
    expect(kernelRngModel(undefined)).toBe('unknown');
  });
});
