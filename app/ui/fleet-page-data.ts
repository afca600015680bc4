import { cache } from 'react';
import { getDb } from '@/lib/db/client';
import { idsOnPage, pageFleetView, withFullRows, type FleetViewPage } from '@/lib/queries/fleet-paging';
import { buildFleetView, type FleetFilter } from '@/lib/queries/fleet-view';
import { listTargets } from '@/lib/queries/list-targets';
import { loadFleetLean } from './fleet-data';
import { requestNow } from './request-now';

export interface FleetTablePage extends FleetViewPage {
  /** targets that match the filter, on every page */
  shown: number;
  /** every current target */
  total: number;
}

/**
 * One page of the fleet table: the whole fleet, read lean, is filtered, grouped and ordered (worst
 * first by default), then only the page's rows are read with sparklines and observation facts, so
 * the page costs the same at 10,000 targets as at 100.
 */
export const loadFleetPage = cache(
  async (filter: Required<FleetFilter>, page: number): Promise<FleetTablePage> => {
    const view = buildFleetView(await loadFleetLean(), filter);
    const slice = pageFleetView(view, page);
    const ids = idsOnPage(slice);
    const full = ids.length > 0 ? await listTargets(getDb(), { ids, now: requestNow() }) : [];
    return {
      ...withFullRows(slice, new Map(full.map((t) => [t.id, t]))),
      shown: view.shown,
      total: view.total,
    };
  },
);
