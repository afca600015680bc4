import { describe, expect, it } from 'vitest';
import { boundOutput, maxInFlight, targetResult } from './limits';

describe('bulk apply decisions', () => {
  it('keeps short output and cuts long output with a note of how much', () => {
    expect(boundOutput('abc', 5)).toBe('abc');
    expect(boundOutput('abcdefgh', 5)).toBe(
      'abcde\n… [3 more characters not kept: output is limited to 5 per step]',
    );
  });

  it('judges a target from the persistent and the live definition', () => {
    expect(targetResult(false, false)).toBe('failed');
    expect(targetResult(false, true)).toBe('failed');
    expect(targetResult(true, false)).toBe('applied-waiting-for-cold-boot');
    expect(targetResult(true, true)).toBe('resolved');
  });

  it('counts the most targets in flight from their start and end order', () => {
    const t = (startSeq: number | null, endSeq: number | null) => ({ startSeq, endSeq });
    expect(maxInFlight([])).toBe(0);
    expect(maxInFlight([t(1, 2), t(3, 4), t(5, 6)])).toBe(1);
    expect(maxInFlight([t(1, 4), t(2, 3), t(5, 8), t(6, 7)])).toBe(2);
    expect(maxInFlight([t(1, 6), t(2, 5), t(3, null), t(null, null)])).toBe(3);
  });
});
