import type { Db } from '../db/client';
import { pageTargetList, type TargetListPage } from './fleet-paging';
import type { FleetFilter } from './fleet-view';
import { listTargets, listTargetsShared } from './list-targets';

/**
 * One page of GET /api/v1/targets: the whole fleet is read lean (no observations) to filter and
 * order it worst first, then only the page's rows are read with their full observations, so the cost
 * of a request grows with the page, not with the fleet's observations.
 */
export async function listTargetPage(
  db: Db,
  opts: { filter: FleetFilter; offset: number; limit: number; includeRemoved: boolean; now: Date },
): Promise<TargetListPage> {
  const { targets: lean, shared } = await listTargetsShared(db, {
    lean: true,
    includeRemoved: opts.includeRemoved,
    now: opts.now,
  });
  const page = pageTargetList(lean, opts.filter, opts.offset, opts.limit);
  if (page.items.length === 0) return page;
  const full = await listTargets(db, {
    ids: page.items.map((t) => t.id),
    includeRemoved: opts.includeRemoved,
    withObservation: true,
    withSparkline: false,
    now: opts.now,
    // the same `now`: the whole fleet's open findings and the pace were just read for the lean rows
    reuse: shared,
  });
  const byId = new Map(full.map((t) => [t.id, t]));
  // The lean rows decided the order; a target removed between the two reads keeps its lean row.
  return { ...page, items: page.items.map((t) => byId.get(t.id) ?? t) };
}
