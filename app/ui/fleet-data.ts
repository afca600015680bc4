import { cache } from 'react';
import { getDb } from '@/lib/db/client';
import { getFleetSummary } from '@/lib/queries/get-fleet-summary';
import { listTargets } from '@/lib/queries/list-targets';
import { requestNow } from './request-now';

// Per-request memoised reads, so cards of one page that need the same data query it once.

export const loadFleet = cache(() => listTargets(getDb(), { now: requestNow() }));
/** Every target with only what status, filters and sorting need (no sparklines, no observation facts). */
export const loadFleetLean = cache(() => listTargets(getDb(), { lean: true, now: requestNow() }));
export const loadFleetSummary = cache(() => getFleetSummary(getDb(), requestNow(), loadFleetLean()));
