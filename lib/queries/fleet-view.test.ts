import { describe, expect, it } from 'vitest';
import {
  buildFleetView,
  compareTargets,
  matchesFleetFilter,
  parseFleetFilter,
  summarizeFleet,
} from './fleet-view';
import {
  fleetGuest as guest,
  fleetHost as host,
  fleetTarget as target,
} from '../../test/support/fleet-builders';

const rows = (view: ReturnType<typeof buildFleetView>) =>
  view.groups.flatMap((g) => [
    ...(g.host ? [`${g.hostMatches ? '' : '('}${g.host.name}${g.hostMatches ? '' : ')'}`] : []),
    ...g.guests.map((t) => `  ${t.name}`),
  ]);

describe('buildFleetView', () => {
  const fleet = [
    host('kvm-a'),
    guest('web-1', 'kvm-a'),
    guest('web-10', 'kvm-a', 'warning'),
    guest('web-2', 'kvm-a'),
    host('kvm-b'),
    guest('db-1', 'kvm-b', 'critical', { open: { critical: 1, warning: 0, info: 0 } }),
    guest('db-2', 'kvm-b', 'ok', { freshness: 'unreachable', lastStatus: 'timeout' }),
    target('laptop', { kind: 'local' }),
    guest('orphan', 'kvm-gone', 'ok', { freshness: 'stale' }),
    guest('cache-1', 'kvm-a', 'info', { open: { critical: 0, warning: 0, info: 1 } }),
  ];

  it('puts the host of a critical guest first and that guest first among guests (default sort)', () => {
    expect(rows(buildFleetView(fleet))).toEqual([
      'kvm-b',
      '  db-1',
      '  db-2',
      'kvm-a',
      '  web-10',
      '  cache-1',
      '  web-1',
      '  web-2',
      // guests whose host is not in the inventory form their own group
      '  orphan',
      'laptop',
    ]);
  });

  it('sorts by severity first: a critical guest on stale data above a stale or unreachable ok guest', () => {
    const view = buildFleetView([
      host('kvm-a'),
      guest('gone-ok', 'kvm-a', 'ok', { freshness: 'unreachable', lastStatus: 'timeout' }),
      guest('old-ok', 'kvm-a', 'ok', { freshness: 'stale' }),
      guest('crit-now', 'kvm-a', 'critical', { open: { critical: 1, warning: 0, info: 0 } }),
      guest('crit-old', 'kvm-a', 'critical', {
        freshness: 'stale',
        open: { critical: 1, warning: 0, info: 0 },
      }),
      guest('warn', 'kvm-a', 'warning', { open: { critical: 0, warning: 1, info: 0 } }),
    ]);
    expect(rows(view)).toEqual(['kvm-a', '  crit-old', '  crit-now', '  warn', '  gone-ok', '  old-ok']);
    expect(view.groups[0]).toMatchObject({ worst: 'critical', worstFreshness: 'unreachable' });
  });

  it('sorts by name naturally (web-2 before web-10)', () => {
    expect(rows(buildFleetView(fleet, { sort: 'name' }))).toEqual([
      'kvm-a',
      '  cache-1',
      '  web-1',
      '  web-2',
      '  web-10',
      'kvm-b',
      '  db-1',
      '  db-2',
      'laptop',
      '  orphan',
    ]);
  });

  it('keeps a non-matching host as the heading of its matching guests', () => {
    const view = buildFleetView(fleet, { status: 'critical' });
    expect(rows(view)).toEqual(['(kvm-b)', '  db-1']);
    expect(view.shown).toBe(1);
    expect(view.total).toBe(fleet.length);
  });

  it('"unhealthy" keeps critical, warning and every target whose data is not fresh, not info alone', () => {
    expect(rows(buildFleetView(fleet, { status: 'unhealthy' }))).toEqual([
      '(kvm-b)',
      '  db-1',
      '  db-2',
      '(kvm-a)',
      '  web-10',
      '  orphan',
    ]);
  });

  it('search matches a guest by its host name, domain or address', () => {
    expect(rows(buildFleetView(fleet, { q: 'KVM-A' }))).toEqual([
      'kvm-a',
      '  web-10',
      '  cache-1',
      '  web-1',
      '  web-2',
    ]);
    const withDomain = [host('h'), guest('g', 'h', 'ok', { domain: 'prod-db.example' }), guest('x', 'h')];
    expect(rows(buildFleetView(withDomain, { q: 'prod-db' }))).toEqual(['(h)', '  g']);
  });

  it('returns no group when nothing matches', () => {
    expect(buildFleetView(fleet, { q: 'nothing-like-this' })).toEqual({
      groups: [],
      shown: 0,
      total: fleet.length,
    });
  });
});

describe('compareTargets', () => {
  it('breaks status ties by more critical findings, then lower entropy, then name', () => {
    const a = target('a', { status: 'critical', open: { critical: 1, warning: 0, info: 0 } });
    const b = target('b', { status: 'critical', open: { critical: 2, warning: 0, info: 0 } });
    const c = target('c', { status: 'ok', entropyAvail: 12 });
    const d = target('d', { status: 'ok', entropyAvail: 256 });
    expect([d, c, a, b].sort((x, y) => compareTargets(x, y)).map((t) => t.name)).toEqual([
      'b',
      'a',
      'c',
      'd',
    ]);
  });

  it('sorts entropy ascending with unknown last, and oldest poll first with never-polled on top', () => {
    const a = target('a', { entropyAvail: null, lastPollAt: null });
    const b = target('b', { entropyAvail: 100, lastPollAt: new Date(2000) });
    const c = target('c', { entropyAvail: 50, lastPollAt: new Date(1000) });
    expect([a, b, c].sort((x, y) => compareTargets(x, y, 'entropy')).map((t) => t.name)).toEqual([
      'c',
      'b',
      'a',
    ]);
    expect([b, c, a].sort((x, y) => compareTargets(x, y, 'last-poll')).map((t) => t.name)).toEqual([
      'a',
      'c',
      'b',
    ]);
  });
});

describe('parseFleetFilter / matchesFleetFilter', () => {
  it('falls back to defaults for unknown values', () => {
    expect(parseFleetFilter({ status: 'bogus', freshness: 'old', sort: 'size', q: '  web ' })).toEqual({
      status: 'all',
      freshness: 'all',
      q: 'web',
      sort: 'status',
    });
    expect(parseFleetFilter({ status: 'info', freshness: 'stale', sort: 'last-poll' })).toEqual({
      status: 'info',
      freshness: 'stale',
      q: '',
      sort: 'last-poll',
    });
  });

  it('reads the old ?status=stale|unreachable links as a freshness filter', () => {
    expect(parseFleetFilter({ status: 'unreachable' })).toMatchObject({
      status: 'all',
      freshness: 'unreachable',
    });
    expect(parseFleetFilter({ status: 'stale' })).toMatchObject({ status: 'all', freshness: 'stale' });
  });

  it('matches by status, freshness and text together', () => {
    const t = guest('web-1', 'kvm-a', 'warning', { address: '10.0.0.5', freshness: 'stale' });
    expect(matchesFleetFilter(t, { status: 'warning', q: '10.0.0' })).toBe(true);
    expect(matchesFleetFilter(t, { status: 'warning', freshness: 'stale' })).toBe(true);
    expect(matchesFleetFilter(t, { status: 'warning', freshness: 'fresh' })).toBe(false);
    expect(matchesFleetFilter(t, { status: 'ok', q: '10.0.0' })).toBe(false);
    expect(matchesFleetFilter(t, { status: 'unhealthy' })).toBe(true);
    expect(matchesFleetFilter(guest('i', 'h', 'info'), { status: 'unhealthy' })).toBe(false);
    expect(matchesFleetFilter(guest('o', 'h', 'ok', { freshness: 'stale' }), { status: 'unhealthy' })).toBe(
      true,
    );
  });
});

describe('summarizeFleet', () => {
  it('counts severity and freshness separately, kinds and open findings', () => {
    const s = summarizeFleet([
      host('h'),
      guest('a', 'h', 'critical', { freshness: 'stale', open: { critical: 2, warning: 1, info: 0 } }),
      guest('b', 'h', 'ok', { freshness: 'unreachable' }),
      guest('c', 'h', 'info', { open: { critical: 0, warning: 0, info: 4 } }),
      target('l', { kind: 'local', freshness: 'stale' }),
    ]);
    expect(s).toEqual({
      targets: 5,
      hosts: 1,
      guests: 3,
      // a (critical), b (unreachable), l (stale); c has info findings only, h is ok and fresh
      unhealthy: 3,
      byStatus: { critical: 1, warning: 0, info: 1, ok: 3 },
      byFreshness: { unreachable: 1, stale: 2, fresh: 2 },
      openFindings: { critical: 2, warning: 1, info: 4 },
    });
  });

  it('keeps every critical target critical when the whole fleet is stale (the collector stopped)', () => {
    const s = summarizeFleet([
      guest('a', 'h', 'critical', { freshness: 'stale', open: { critical: 1, warning: 0, info: 0 } }),
      guest('b', 'h', 'critical', { freshness: 'stale', open: { critical: 3, warning: 0, info: 0 } }),
      guest('c', 'h', 'ok', { freshness: 'stale' }),
    ]);
    expect(s.byStatus.critical).toBe(2);
    expect(s.byFreshness.stale).toBe(3);
    expect(s.unhealthy).toBe(3);
  });
});
