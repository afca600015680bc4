import { describe, expect, it } from 'vitest';
import type { AcceptEntry } from '../inventory/accept';
import { acceptingEntry, acceptMatches, findStaleExceptions } from './accept';

const entry = (e: Partial<AcceptEntry>): AcceptEntry => ({
  target: null,
  rule: 'disk-cache-unsafe',
  subject: null,
  reason: 'r',
  ...e,
});
const ci = { target: 'ci-1', rule: 'disk-cache-unsafe', subject: 'vda' };

describe('acceptMatches', () => {
  it('matches the rule on its target (or every target from defaults) and its subject when set', () => {
    expect(acceptMatches(entry({}), ci)).toBe(true);
    expect(acceptMatches(entry({ target: 'ci-1' }), ci)).toBe(true);
    expect(acceptMatches(entry({ target: 'db-1' }), ci)).toBe(false);
    expect(acceptMatches(entry({ subject: 'vda' }), ci)).toBe(true);
    expect(acceptMatches(entry({ subject: 'vdb' }), ci)).toBe(false);
    expect(acceptMatches(entry({ rule: 'rng-device-missing' }), ci)).toBe(false);
  });
});

describe('acceptingEntry', () => {
  it('prefers the target entry over defaults, and a subject entry over a whole-rule one', () => {
    const d = entry({ reason: 'fleet policy' });
    const t = entry({ target: 'ci-1', reason: 'CI guest' });
    const ts = entry({ target: 'ci-1', subject: 'vda', reason: 'scratch disk' });
    expect(acceptingEntry([d], ci)?.reason).toBe('fleet policy');
    expect(acceptingEntry([d, t], ci)?.reason).toBe('CI guest');
    expect(acceptingEntry([ts, d, t], ci)?.reason).toBe('scratch disk');
    expect(acceptingEntry([entry({ target: 'db-1' })], ci)).toBeNull();
  });
});

describe('findStaleExceptions', () => {
  it('reports entries that match no open finding, with where they are written', () => {
    const live = entry({ target: 'ci-1' });
    const gone = entry({ target: 'legacy-1', rule: 'rng-device-missing' });
    const fleetWide = entry({ rule: 'rngd-needed' });
    const stale = findStaleExceptions([live, gone, fleetWide], [ci]);
    expect(stale.map((s) => s.where)).toEqual(['legacy-1.accept', 'defaults.accept']);
    expect(stale[0]!.entry).toBe(gone);
  });

  it('reports nothing while every entry still matches an open finding', () => {
    expect(findStaleExceptions([entry({})], [ci, { ...ci, target: 'ci-2' }])).toEqual([]);
  });
});
