import { describe, expect, it } from 'vitest';
import { buildFleetView } from './fleet-view';
import { idsOnPage, pageFleetView, pageTargetList, withFullRows } from './fleet-paging';
import { fleetTarget as target } from '../../test/support/fleet-builders';
import type { FleetTarget } from './list-targets';
import type { TargetStatus } from './target-status';

const STATUSES: TargetStatus[] = ['ok', 'info', 'warning', 'critical'];

/** `hosts` hosts with `guests` guests each; a host's first three guests share one status by host. */
function fleet(hosts: number, guests: number): FleetTarget[] {
  const all: FleetTarget[] = [];
  for (let h = 0; h < hosts; h++) {
    const host = `kvm-${h}`;
    all.push(target(host, { kind: 'host' }));
    for (let g = 0; g < guests; g++) {
      const status = g < 3 ? STATUSES[h % STATUSES.length]! : 'ok';
      const open = {
        critical: status === 'critical' ? 1 : 0,
        warning: status === 'warning' ? 1 : 0,
        info: 0,
      };
      all.push(target(`vm-${h}-${g}`, { hostName: host, status, open }));
    }
  }
  return all;
}

const rowNames = (groups: ReturnType<typeof pageFleetView>['groups']) =>
  groups.flatMap((g) => [...(g.hostMatches && g.host ? [g.host.name] : []), ...g.guests.map((t) => t.name)]);

describe('pageFleetView', () => {
  const view = buildFleetView(fleet(30, 9)); // 300 rows

  it('cuts 300 rows into three pages of 100 and clamps page numbers', () => {
    const pages = [1, 2, 3].map((p) => pageFleetView(view, p, 100));
    expect(pages.map((p) => [p.page, p.pages, p.firstRow, p.lastRow])).toEqual([
      [1, 3, 1, 100],
      [2, 3, 101, 200],
      [3, 3, 201, 300],
    ]);
    expect(pages.map((p) => rowNames(p.groups).length)).toEqual([100, 100, 100]);
    expect(pageFleetView(view, 99, 100).page).toBe(3);
    expect(pageFleetView(view, 0, 100).page).toBe(1);
    expect(pageFleetView(view, Number.NaN, 100).page).toBe(1);
  });

  it('keeps the unpaged order across pages: the worst come first, nothing repeats or goes missing', () => {
    const whole = rowNames(view.groups);
    const paged = [1, 2, 3].flatMap((p) => rowNames(pageFleetView(view, p, 100).groups));
    expect(paged).toEqual(whole);
    const first = pageFleetView(view, 1, 100).groups[0]!;
    expect(first.worst).toBe('critical');
    const worstOf = (p: number) => new Set(pageFleetView(view, p, 100).groups.map((g) => g.worst));
    expect([...worstOf(1)]).toContain('critical');
    expect(worstOf(3).has('critical') || worstOf(3).has('warning')).toBe(false);
  });

  it('repeats the host of a group cut by the page break as context, with its remaining guests', () => {
    // 10 rows per group, 15 rows per page: page 2 starts inside the second group.
    const p2 = pageFleetView(view, 2, 15);
    const cut = p2.groups[0]!;
    expect(cut.host).not.toBeNull();
    expect(cut.hostMatches).toBe(false);
    expect(cut.guests).toHaveLength(5);
    expect(rowNames(p2.groups)).toHaveLength(15);
    expect(idsOnPage(p2)).toContain(cut.host!.id);
  });

  it('has one empty page when nothing matches', () => {
    const empty = pageFleetView(buildFleetView([]), 3);
    expect([empty.page, empty.pages, empty.firstRow, empty.lastRow, empty.groups]).toEqual([1, 1, 0, 0, []]);
  });

  it('puts the full rows in place of the lean ones', () => {
    const p = pageFleetView(view, 1, 10);
    const host = p.groups[0]!.host!;
    const full = new Map([[host.id, { ...host, rngCurrent: 'virtio_rng.0' }]]);
    expect(withFullRows(p, full).groups[0]!.host!.rngCurrent).toBe('virtio_rng.0');
  });
});

describe('pageTargetList', () => {
  const targets = fleet(5, 9); // 50

  it('orders worst first over the whole fleet before slicing', () => {
    const all = pageTargetList(targets, {}, 0, 1000).items;
    const page1 = pageTargetList(targets, {}, 0, 20);
    const page2 = pageTargetList(targets, {}, 20, 20);
    expect(page1.total).toBe(50);
    expect([...page1.items, ...page2.items].map((t) => t.name)).toEqual(all.slice(0, 40).map((t) => t.name));
    expect(page1.items[0]!.status).toBe('critical');
    const rank = (s: TargetStatus) => ['critical', 'warning', 'info', 'ok'].indexOf(s);
    expect(rank(page1.items.at(-1)!.status)).toBeLessThanOrEqual(rank(page2.items[0]!.status));
  });

  it('counts only what matches the filter and honours another sort', () => {
    const warnings = pageTargetList(targets, { status: 'warning' }, 0, 5);
    expect(warnings.total).toBe(targets.filter((t) => t.status === 'warning').length);
    expect(warnings.items.every((t) => t.status === 'warning')).toBe(true);
    const byName = pageTargetList(targets, { sort: 'name' }, 0, 3).items.map((t) => t.name);
    expect(byName).toEqual(['kvm-0', 'kvm-1', 'kvm-2']);
  });
});
