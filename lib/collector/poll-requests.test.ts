import { describe, expect, it } from 'vitest';
import { requestsToAnswer } from './poll-requests';

const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 12, 0, s));
const asked = [
  { name: 'web-01', at: at(5) },
  { name: 'db-01', at: at(9) },
  { name: 'kvm-01', at: at(7) },
];

describe('requestsToAnswer', () => {
  it('answers every request without leases (the one SQLite collector)', () => {
    expect(requestsToAnswer(asked, null)).toEqual({
      names: new Set(['web-01', 'db-01', 'kvm-01']),
      upTo: at(9),
    });
  });

  it('with leases answers only the targets this collector holds, up to their newest request', () => {
    expect(requestsToAnswer(asked, new Set(['web-01', 'kvm-01', 'other']))).toEqual({
      names: new Set(['web-01', 'kvm-01']),
      upTo: at(7),
    });
  });

  it('answers nothing when it holds none of them (another collector will)', () => {
    expect(requestsToAnswer(asked, new Set(['other']))).toBeNull();
    expect(requestsToAnswer([], null)).toBeNull();
  });
});
