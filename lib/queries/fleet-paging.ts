import {
  compareTargets,
  matchesFleetFilter,
  type FleetFilter,
  type FleetGroup,
  type FleetView,
} from './fleet-view';
import type { FleetTarget } from './list-targets';

// Paging of the fleet, so the page and the API stay bounded at 10,000 targets. Pure: the whole fleet
// (lean rows, no observation) is filtered and ordered as before, then one slice is kept.

/** Rows per page of the fleet page. */
export const FLEET_PAGE_ROWS = 100;
/** GET /api/v1/targets: rows when no limit is asked for, and the most one request may ask for. */
export const API_DEFAULT_LIMIT = 500;
export const API_MAX_LIMIT = 1000;

/** One page of the grouped fleet view. */
export interface FleetViewPage {
  /** the groups with rows on this page; a group cut at the page's start shows its host as context */
  groups: FleetGroup[];
  /** 1-based, clamped to the pages there are */
  page: number;
  pages: number;
  /** 1-based numbers of the first and last row on this page among the matching rows (0, 0 when none) */
  firstRow: number;
  lastRow: number;
}

const rowsOf = (g: FleetGroup): FleetTarget[] => (g.hostMatches && g.host ? [g.host, ...g.guests] : g.guests);

/**
 * Cuts a grouped view into pages of `perPage` matching rows, in the view's order (worst first by
 * default, so page 1 holds the worst). A host row that stays on the previous page is repeated as
 * the context heading of its guests.
 */
export function pageFleetView(view: FleetView, page: number, perPage = FLEET_PAGE_ROWS): FleetViewPage {
  const pages = Math.max(1, Math.ceil(view.shown / perPage));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const start = (current - 1) * perPage;
  const end = start + perPage;
  const groups: FleetGroup[] = [];
  let index = 0;
  for (const g of view.groups) {
    const rows = rowsOf(g);
    const from = Math.max(start, index);
    const to = Math.min(end, index + rows.length);
    if (from < to) {
      const kept = rows.slice(from - index, to - index);
      const hostKept = g.hostMatches && g.host !== null && kept[0] === g.host;
      groups.push({ ...g, hostMatches: hostKept, guests: hostKept ? kept.slice(1) : kept });
    }
    index += rows.length;
    if (index >= end) break;
  }
  const firstRow = view.shown === 0 ? 0 : start + 1;
  return { groups, page: current, pages, firstRow, lastRow: Math.min(end, view.shown) };
}

/** One page of the flat, ordered list GET /api/v1/targets answers with. */
export interface TargetListPage {
  items: FleetTarget[];
  /** targets that match the filter, on every page */
  total: number;
  offset: number;
  limit: number;
}

/** Filters, orders (worst first by default) and slices the fleet for the API. */
export function pageTargetList(
  targets: readonly FleetTarget[],
  filter: FleetFilter,
  offset: number,
  limit: number,
): TargetListPage {
  const sort = filter.sort ?? 'status';
  const matching = targets
    .filter((t) => matchesFleetFilter(t, filter))
    .sort((a, b) => compareTargets(a, b, sort));
  return { items: matching.slice(offset, offset + limit), total: matching.length, offset, limit };
}

/** The ids of every row a page shows, context host rows included (what to read in full for it). */
export function idsOnPage(page: FleetViewPage): number[] {
  return page.groups.flatMap((g) => [...(g.host ? [g.host.id] : []), ...g.guests.map((t) => t.id)]);
}

/** Puts the full rows (with sparklines and observation facts) in place of the lean ones they read. */
export function withFullRows(page: FleetViewPage, full: ReadonlyMap<number, FleetTarget>): FleetViewPage {
  const pick = (t: FleetTarget) => full.get(t.id) ?? t;
  return {
    ...page,
    groups: page.groups.map((g) => ({ ...g, host: g.host && pick(g.host), guests: g.guests.map(pick) })),
  };
}
