import { describe, expect, it } from 'vitest';
import { formatAge, freshnessText, statusText } from './status-text';

const H = 3_600_000;

describe('statusText', () => {
  it('keeps the severity and adds how old the data is', () => {
    expect(statusText({ status: 'critical', freshness: 'stale', pollAgeMs: 2 * H + 59_000 })).toBe(
      'Critical · stale 2 h',
    );
    expect(statusText({ status: 'ok', freshness: 'unreachable', pollAgeMs: 5_000 })).toBe('OK · unreachable');
    expect(statusText({ status: 'info', freshness: 'stale', pollAgeMs: null })).toBe('Info · never polled');
    expect(statusText({ status: 'warning', freshness: 'fresh', pollAgeMs: 5_000 })).toBe('Warning');
  });
});

describe('formatAge / freshnessText', () => {
  it('rounds down to the largest whole unit', () => {
    expect([0, 59_400, 60_000, 3_599_000, H, 86_400_000 * 3 + H].map(formatAge)).toEqual([
      '0 s',
      '59 s',
      '1 min',
      '59 min',
      '1 h',
      '3 d',
    ]);
    expect(freshnessText('fresh', 1)).toBeNull();
    expect(freshnessText('stale', 4 * 60_000)).toBe('stale 4 min');
  });
});
