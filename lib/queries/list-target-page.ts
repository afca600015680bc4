import type { Db } from '../db/client';
import type { TargetListPage } from './fleet-paging';
import { orderFleetRows } from './fleet-order';
import type { FleetFilter } from './fleet-view';
import { listTargets } from './list-targets';
import { readFleetOrder } from './read-fleet-order';

/**
 * One page of GET /api/v1/targets: the whole fleet is read as one small row per target (the database
 * counts the findings that set each status) to filter and order it worst first, then only the page's
 * rows are read in full with their observations, so the cost of a request grows with the page, not
 * with the fleet's observations.
 */
export async function listTargetPage(
  db: Db,
  opts: { filter: FleetFilter; offset: number; limit: number; includeRemoved: boolean; now: Date },
): Promise<TargetListPage> {
  const { rows, pace } = await readFleetOrder(db, {
    includeRemoved: opts.includeRemoved,
    now: opts.now,
    withText: (opts.filter.q ?? '').trim() !== '',
  });
  const { ids, total } = orderFleetRows(rows, opts.filter, opts.offset, opts.limit);
  const page = { items: [], total, offset: opts.offset, limit: opts.limit };
  if (ids.length === 0) return page;
  const full = await listTargets(db, {
    ids,
    // the ids are the scope: a target removed since the order was read still fills its place, as removed
    includeRemoved: true,
    withObservation: true,
    withSparkline: false,
    now: opts.now,
    // the same `now` and pace; the page's open findings are counted for its rows only
    reuse: { pace },
  });
  const byId = new Map(full.map((t) => [t.id, t]));
  return { ...page, items: ids.flatMap((id) => byId.get(id) ?? []) };
}
