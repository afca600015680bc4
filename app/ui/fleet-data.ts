import { cache } from 'react';
import { getDb } from '@/lib/db/client';
import { getFleetSummary } from '@/lib/queries/get-fleet-summary';
import { listTargets } from '@/lib/queries/list-targets';

// Per-request memoised reads, so cards of one page that need the same data query it once.

export const loadFleet = cache(() => listTargets(getDb()));
export const loadFleetSummary = cache(() => getFleetSummary(getDb(), new Date(), loadFleet()));
