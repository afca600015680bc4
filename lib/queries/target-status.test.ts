import { describe, expect, it } from 'vitest';
import {
  deriveTargetStatus,
  isStale,
  kernelRngModel,
  NO_FINDINGS,
  staleAfterMs,
  worseStatus,
  type StatusInput,
} from './target-status';

const NOW = new Date('2026-11-21T12:00:00Z');
const LIMIT = 180_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const input = (patch: Partial<StatusInput>): StatusInput => ({
  lastStatus: 'ok',
  lastPollAt: ago(10_000),
  open: NO_FINDINGS,
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
  it('is ok with no open findings, and with info findings only', () => {
    expect(deriveTargetStatus(input({}), NOW, LIMIT)).toBe('ok');
    expect(deriveTargetStatus(input({ open: { critical: 0, warning: 0, info: 3 } }), NOW, LIMIT)).toBe('ok');
  });

  it('takes the worst open finding', () => {
    expect(deriveTargetStatus(input({ open: { critical: 0, warning: 1, info: 1 } }), NOW, LIMIT)).toBe(
      'warning',
    );
    expect(deriveTargetStatus(input({ open: { critical: 1, warning: 2, info: 0 } }), NOW, LIMIT)).toBe(
      'critical',
    );
  });

  it.each(['timeout', 'refused', 'auth-failed', 'host-key-mismatch', 'parse-error'])(
    'is unreachable when the latest poll ended in %s, whatever the findings',
    (lastStatus) => {
      expect(
        deriveTargetStatus(input({ lastStatus, open: { critical: 2, warning: 0, info: 0 } }), NOW, LIMIT),
      ).toBe('unreachable');
    },
  );

  it('is stale when the last ok poll is too old or there was none, before judging findings', () => {
    expect(
      deriveTargetStatus(
        input({ lastPollAt: ago(LIMIT + 1), open: { critical: 1, warning: 0, info: 0 } }),
        NOW,
        LIMIT,
      ),
    ).toBe('stale');
    expect(deriveTargetStatus(input({ lastStatus: null, lastPollAt: null }), NOW, LIMIT)).toBe('stale');
  });

  it('keeps unreachable over stale (a failed latest poll says more than its age)', () => {
    expect(
      deriveTargetStatus(input({ lastStatus: 'timeout', lastPollAt: ago(LIMIT * 10) }), NOW, LIMIT),
    ).toBe('unreachable');
  });
});

describe('worseStatus', () => {
  it('orders critical > unreachable > warning > stale > ok', () => {
    expect(worseStatus('ok', 'stale')).toBe('stale');
    expect(worseStatus('warning', 'stale')).toBe('warning');
    expect(worseStatus('unreachable', 'warning')).toBe('unreachable');
    expect(worseStatus('unreachable', 'critical')).toBe('critical');
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
