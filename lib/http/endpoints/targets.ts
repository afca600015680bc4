// The handlers of /api/v1/targets (the route file in app/ re-exports them, so tests call them without app/).
import { z } from 'zod';
import { appNow } from '../../config/clock';
import { getDb } from '../../db/client';
import { searchParamsToObject } from '../params';
import { invalidParams, ok, serverError } from '../response';
import { FLEET_FRESHNESS_FILTERS, FLEET_STATUS_FILTERS, matchesFleetFilter } from '../../queries/fleet-view';
import { listTargets } from '../../queries/list-targets';
import { toTargetJson } from '../target-json';
import { maskFor } from '../../auth/exposure-server';
import { requireRole } from '../../auth/guard';

const query = z.object({
  status: z
    .enum(FLEET_STATUS_FILTERS, {
      error: (i) =>
        i.input === 'stale' || i.input === 'unreachable'
          ? `"${i.input}" is a freshness, not a status: use freshness=${i.input}`
          : `must be one of ${FLEET_STATUS_FILTERS.join(', ')}, got "${String(i.input)}"`,
    })
    .optional(),
  freshness: z
    .enum(FLEET_FRESHNESS_FILTERS, {
      error: (i) => `must be one of ${FLEET_FRESHNESS_FILTERS.join(', ')}, got "${String(i.input)}"`,
    })
    .optional(),
  q: z.string().max(200, 'must be at most 200 characters').optional(),
  includeRemoved: z
    .enum(['true', 'false'], { error: (i) => `must be true or false, got "${String(i.input)}"` })
    .optional(),
});

/**
 * GET /api/v1/targets?status=&freshness=&q=: every host and guest with its status (worst open finding),
 * freshness (fresh/stale/unreachable), latest poll with its age, and latest observation.
 */
export async function GET(request: Request) {
  const who = await requireRole(request, 'viewer');
  if (who instanceof Response) return who;
  const parsed = query.safeParse(searchParamsToObject(new URL(request.url).searchParams));
  if (!parsed.success) return invalidParams(parsed.error);
  try {
    const targets = await listTargets(getDb(), {
      includeRemoved: parsed.data.includeRemoved === 'true',
      withObservation: true,
      withSparkline: false,
      now: appNow(),
    });
    const filter = {
      status: parsed.data.status ?? 'all',
      freshness: parsed.data.freshness ?? 'all',
      q: parsed.data.q ?? '',
    };
    return ok(await maskFor(who, targets.filter((t) => matchesFleetFilter(t, filter)).map(toTargetJson)));
  } catch (e) {
    return serverError(e);
  }
}
