import { describe, expect, it } from 'vitest';
import { toDate, toNumber, toText } from './sql-values';

describe('raw row values', () => {
  it('turns bigint, number and numeric text into numbers', () => {
    expect(toNumber(12n)).toBe(12);
    expect(toNumber(1.5)).toBe(1.5);
    expect(toNumber('42')).toBe(42);
    expect([null, undefined, '', 'x', NaN, Infinity].map(toNumber)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('turns Date, unix ms and ISO text into dates', () => {
    const d = new Date('2026-11-21T00:00:00Z');
    expect(toDate(d)).toBe(d);
    expect(toDate(BigInt(d.getTime()))?.getTime()).toBe(d.getTime());
    expect(toDate('2026-11-21T00:00:00Z')?.getTime()).toBe(d.getTime());
    expect(toDate(null)).toBeNull();
    expect(toDate('not a date')).toBeNull();
  });

  it('turns values into text', () => {
    expect(toText('a')).toBe('a');
    expect(toText(3)).toBe('3');
    expect(toText(null)).toBeNull();
  });
});
