// The handlers of /api/v1/targets (the route file in app/ re-exports them, so tests call them without app/).
import { z } from 'zod';
import { appNow } from '../../config/clock';
import { getDb } from '../../db/client';
import { searchParamsToObject } from '../params';
import { invalidParams, okJsonText, serverError } from '../response';
import { FLEET_FRESHNESS_FILTERS, FLEET_SORTS, FLEET_STATUS_FILTERS } from '../../queries/fleet-view';
import { API_DEFAULT_LIMIT, API_MAX_LIMIT } from '../../queries/fleet-paging';
import { listTargetPage } from '../../queries/list-target-page';
import { toTargetJson } from '../target-json';
import { masksFor } from '../../auth/exposure-server';
import { maskedJson } from '../../auth/mask-json';
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
  sort: z
    .enum(FLEET_SORTS, { error: (i) => `must be one of ${FLEET_SORTS.join(', ')}, got "${String(i.input)}"` })
    .optional(),
  limit: whole('limit', 1, API_MAX_LIMIT).optional(),
  offset: whole('offset', 0, Number.MAX_SAFE_INTEGER).optional(),
});

function whole(name: string, min: number, max: number) {
  const hint = `must be a whole number from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'up' : max}`;
  return z
    .string()
    .regex(/^\d{1,16}$/, { error: (i) => `${hint}, got "${String(i.input)}"` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: (i) => `${hint}, got "${String(i.input)}"` });
}

/** RFC 8288 Link header with the next and previous pages, keeping every other parameter. */
function pageLinks(url: URL, offset: number, limit: number, total: number): string | null {
  const at = (o: number) => {
    const u = new URL(url);
    u.searchParams.set('offset', String(o));
    u.searchParams.set('limit', String(limit));
    return `<${u.pathname}${u.search}>`;
  };
  const links: string[] = [];
  if (offset + limit < total) links.push(`${at(offset + limit)}; rel="next"`);
  if (offset > 0) links.push(`${at(Math.max(0, offset - limit))}; rel="prev"`);
  return links.length ? links.join(', ') : null;
}

/**
 * GET /api/v1/targets?status=&freshness=&q=&sort=&limit=&offset=: hosts and guests worst first (or by
 * `sort`) with status (worst open finding), freshness, latest poll with its age and latest observation.
 * The body stays a JSON array; paging is in the headers: X-Total-Count (matching targets on every
 * page) and Link rel="next"/"prev". At most `limit` rows (default API_DEFAULT_LIMIT).
 */
export async function GET(request: Request) {
  const who = await requireRole(request, 'viewer');
  if (who instanceof Response) return who;
  const url = new URL(request.url);
  const parsed = query.safeParse(searchParamsToObject(url.searchParams));
  if (!parsed.success) return invalidParams(parsed.error);
  try {
    const offset = parsed.data.offset ?? 0;
    const limit = parsed.data.limit ?? API_DEFAULT_LIMIT;
    const page = await listTargetPage(getDb(), {
      includeRemoved: parsed.data.includeRemoved === 'true',
      filter: {
        status: parsed.data.status ?? 'all',
        freshness: parsed.data.freshness ?? 'all',
        q: parsed.data.q ?? '',
        sort: parsed.data.sort ?? 'status',
      },
      offset,
      limit,
      now: appNow(),
    });
    const headers: Record<string, string> = { 'X-Total-Count': String(page.total) };
    const link = pageLinks(url, offset, limit, page.total);
    if (link) headers.Link = link;
    return okJsonText(maskedJson(page.items.map(toTargetJson), await masksFor(who)), { headers });
  } catch (e) {
    return serverError(e);
  }
}
