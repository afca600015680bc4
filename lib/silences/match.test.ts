import { describe, expect, it } from 'vitest';
import { coveringSilence, describeMatchers, silenceMatches, silenceState } from './match';
import type { SilenceMatchers, SilenceSubject } from './types';

const guest: SilenceSubject = { rule: 'disk-cache-unsafe', target: 'ci-1', host: 'kvm-a', subject: 'vda' };
const hostItself: SilenceSubject = { rule: 'host-entropy-drain', target: 'kvm-a', host: null, subject: '' };
const otherGuest: SilenceSubject = {
  rule: 'disk-cache-unsafe',
  target: 'db-1',
  host: 'kvm-b',
  subject: 'vda',
};

const NOW = new Date('2026-11-21T12:00:00Z');
const at = (h: number) => new Date(NOW.getTime() + h * 3_600_000);

describe('silenceMatches', () => {
  it('matches on every matcher it sets and ignores the ones it leaves out', () => {
    expect(silenceMatches({ rule: 'disk-cache-unsafe' }, guest)).toBe(true);
    expect(silenceMatches({ rule: 'disk-cache-unsafe' }, otherGuest)).toBe(true);
    expect(silenceMatches({ rule: 'disk-cache-unsafe', target: 'ci-1' }, otherGuest)).toBe(false);
    expect(silenceMatches({ target: 'ci-1', subject: 'vda' }, guest)).toBe(true);
    expect(silenceMatches({ target: 'ci-1', subject: 'vdb' }, guest)).toBe(false);
    expect(silenceMatches({ rule: 'entropy-low', target: 'ci-1' }, guest)).toBe(false);
  });

  it('a host matcher covers the host itself and every guest on it, not other hosts', () => {
    expect(silenceMatches({ host: 'kvm-a' }, guest)).toBe(true);
    expect(silenceMatches({ host: 'kvm-a' }, hostItself)).toBe(true);
    expect(silenceMatches({ host: 'kvm-a' }, otherGuest)).toBe(false);
    expect(silenceMatches({ host: 'kvm-a', rule: 'host-entropy-drain' }, guest)).toBe(false);
  });

  it('an empty subject matcher matches only findings without a subject', () => {
    expect(silenceMatches({ target: 'kvm-a', subject: '' }, hostItself)).toBe(true);
    expect(silenceMatches({ target: 'ci-1', subject: '' }, guest)).toBe(false);
  });

  it('a silence with no matcher covers nothing (the API refuses to create one)', () => {
    expect(silenceMatches({}, guest)).toBe(false);
  });
});

describe('silenceState (expiry)', () => {
  it('is active strictly before expiresAt and expired from that instant on', () => {
    expect(silenceState({ expiresAt: at(1) }, NOW)).toBe('active');
    expect(silenceState({ expiresAt: new Date(NOW.getTime() + 1) }, NOW)).toBe('active');
    expect(silenceState({ expiresAt: NOW }, NOW)).toBe('expired');
    expect(silenceState({ expiresAt: at(-1) }, NOW)).toBe('expired');
  });
});

describe('coveringSilence', () => {
  const s = (id: number, matchers: SilenceMatchers, hours: number) => ({
    id,
    matchers,
    expiresAt: at(hours),
  });

  it('picks the active matching silence that lasts longest, skipping expired and non-matching ones', () => {
    const list = [
      s(1, { rule: 'disk-cache-unsafe' }, 2),
      s(2, { target: 'ci-1' }, 48),
      s(3, { host: 'kvm-a' }, -1),
      s(4, { target: 'db-1' }, 99),
    ];
    expect(coveringSilence(list, guest, NOW)?.id).toBe(2);
    expect(coveringSilence(list, guest, at(2.5))?.id).toBe(2);
    expect(coveringSilence(list, guest, at(48))).toBeNull();
  });

  it('breaks a tie on expiry by the oldest silence', () => {
    expect(
      coveringSilence([s(7, { target: 'ci-1' }, 5), s(3, { rule: 'disk-cache-unsafe' }, 5)], guest, NOW)?.id,
    ).toBe(3);
  });
});

describe('describeMatchers', () => {
  it('prints the set matchers in a fixed order, quoted', () => {
    expect(describeMatchers({ subject: 'vda', rule: 'disk-cache-unsafe' })).toBe(
      'rule="disk-cache-unsafe" subject="vda"',
    );
  });
});
