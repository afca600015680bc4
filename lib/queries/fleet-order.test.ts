import { describe, expect, it } from 'vitest';
import { collatorRanks, coveringCollatorRanks, orderFleetRows, type FleetOrderRow } from './fleet-order';
import { pageTargetList } from './fleet-paging';
import { FLEET_SORTS, type FleetFilter } from './fleet-view';
import type { FleetTarget } from './list-targets';
import { deriveTargetStatus, FRESHNESSES } from './target-status';
import { fleetTarget } from '../../test/support/fleet-builders';

describe('collatorRanks', () => {
  it('ranks names as the fleet sorts them: digits as numbers, case and accents alike', () => {
    const r = collatorRanks(['vm-10', 'vm-2', 'VM-2', 'Vm-1', 'vé-3']);
    expect(r.get('Vm-1')!).toBeLessThan(r.get('vm-2')!);
    expect(r.get('vm-2')).toBe(r.get('VM-2'));
    expect(r.get('vm-2')!).toBeLessThan(r.get('vm-10')!);
    expect(r.get('vé-3')!).toBeLessThan(r.get('vm-10')!);
    expect([...new Set(r.values())].sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
  });

  it('reuses the last ranks while they cover the names, and ranks anew when a name is new', () => {
    const first = coveringCollatorRanks(['b', 'a', 'c']);
    expect(coveringCollatorRanks(['c', 'a'])).toBe(first);
    const second = coveringCollatorRanks(['a', 'ab']);
    expect(second).not.toBe(first);
    expect(second.get('a')!).toBeLessThan(second.get('ab')!);
  });
});

// A seeded pseudo-random fleet with many ties (the real case: most targets ok, fresh, entropy 256).
function randomFleet(n: number, seed: number): FleetTarget[] {
  let s = seed;
  const rnd = (k: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % k;
  };
  const names = ['kvm-', 'vm-', 'VM-', 'db-', 'Web'];
  return Array.from({ length: n }, () => {
    const open = { critical: rnd(8) === 0 ? rnd(3) : 0, warning: rnd(5) === 0 ? rnd(3) : 0, info: rnd(4) };
    const polled = rnd(10) > 0;
    return fleetTarget(`${names[rnd(names.length)]}${rnd(60)}${rnd(3) === 0 ? '.x' : ''}`, {
      hostName: `kvm-${rnd(5)}`,
      domain: rnd(2) ? `dom-${rnd(40)}` : null,
      address: rnd(2) ? `10.0.${rnd(4)}.${rnd(50)}` : null,
      status: deriveTargetStatus(open),
      freshness: FRESHNESSES[rnd(3)]!,
      lastPollAt: polled ? new Date(1_800_000_000_000 + rnd(5) * 60_000) : null,
      entropyAvail: rnd(3) === 0 ? null : [256, 256, 256, 3000, 40][rnd(5)]!,
      open,
    });
  });
}

const toRow = (t: FleetTarget): FleetOrderRow => ({
  id: t.id,
  name: t.name,
  status: t.status,
  freshness: t.freshness,
  critical: t.open.critical,
  warning: t.open.warning,
  entropyAvail: t.entropyAvail,
  lastPollAtMs: t.lastPollAt?.getTime() ?? null,
  domain: t.domain,
  address: t.address,
  hostName: t.hostName,
});

describe('orderFleetRows', () => {
  const filters: FleetFilter[] = [
    {},
    { status: 'unhealthy' },
    { status: 'warning' },
    { freshness: 'stale' },
    { q: 'VM-1' },
    { q: '10.0.2', status: 'ok' },
    { q: 'kvm-3' },
  ];

  it('orders and filters exactly as compareTargets and matchesFleetFilter (ties by id)', () => {
    for (const seed of [1, 2, 3]) {
      // Ids count up in the order the whole-fleet read returned rows; reversed input must not matter.
      const fleet = randomFleet(1500, seed);
      const rows = fleet.map(toRow).reverse();
      for (const sort of FLEET_SORTS) {
        for (const f of filters) {
          const filter = { ...f, sort };
          for (const [offset, limit] of [
            [0, 2000],
            [0, 50],
            [700, 100],
          ] as const) {
            const expected = pageTargetList(fleet, filter, offset, limit);
            const got = orderFleetRows(rows, filter, offset, limit);
            expect(got.total, JSON.stringify(filter)).toBe(expected.total);
            expect(got.ids, JSON.stringify({ filter, offset })).toEqual(expected.items.map((t) => t.id));
          }
        }
      }
    }
  });

  it('puts the worst first and counts every match', () => {
    const rows = randomFleet(300, 9).map(toRow);
    const { ids, total } = orderFleetRows(rows, {}, 0, 1);
    expect(total).toBe(300);
    const first = rows.find((r) => r.id === ids[0])!;
    expect(first.status).toBe('critical');
    expect(first.freshness).toBe('unreachable');
    expect(orderFleetRows(rows, { status: 'critical' }, 1000, 10)).toEqual({
      ids: [],
      total: rows.filter((r) => r.status === 'critical').length,
    });
  });
});
