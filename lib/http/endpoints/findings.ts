// The handler of /api/v1/findings (the route file in app/ re-exports it, so tests call it without app/).
import { maskFor } from '../../auth/exposure-server';
import { requireRole } from '../../auth/guard';
import type { Identity } from '../../auth/identity';
import { appNow } from '../../config/clock';
import { getDb } from '../../db/client';
import { exportFileName, findingsToCsv } from '../../export/findings-csv';
import { toFindingJson } from '../../export/finding-record';
import { listFindings } from '../../queries/list-findings';
import { findingsQuerySchema, searchParamsToObject } from '../params';
import { badRequest, invalidParams, notFound, ok, serverError } from '../response';

const EXPORT_FORMATS = ['csv', 'json'] as const;

/**
 * GET /api/v1/findings?state=open|resolved|all|silenced|accepted&severity=&target=&rule=&silenced=&accepted=
 * &format=csv|json for a caller already authorized as `who`: findings with their remediation, silence and
 * accepted reason. `format` makes it a download of exactly this view (the Findings page links here with
 * its own filters). The route handler is authorization plus this call; integration tests call it too.
 */
export async function findingsResponse(request: Request, who: Pick<Identity, 'role'>): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const parsed = findingsQuerySchema.safeParse(searchParamsToObject(params));
  if (!parsed.success) return invalidParams(parsed.error);
  const format = params.get('format');
  if (format !== null && !(EXPORT_FORMATS as readonly string[]).includes(format)) {
    return badRequest(`format must be csv or json (or left out), got "${format.slice(0, 40)}"`, [
      { param: 'format', message: 'must be csv or json' },
    ]);
  }
  try {
    const db = getDb();
    if (parsed.data.target !== undefined) {
      const known = await db.target.findUnique({ where: { name: parsed.data.target }, select: { id: true } });
      if (!known) {
        return notFound(`unknown target "${parsed.data.target}"; GET /api/v1/targets lists the known names`);
      }
    }
    const now = appNow();
    // Non-admins see remediation commands without identity-file/known_hosts paths (lib/auth/exposure.ts).
    const findings = await maskFor(who, await listFindings(db, { ...parsed.data, now, limit: 10_000 }));
    if (format === null) return ok(findings.map(toFindingJson));
    const name = exportFileName(parsed.data.state, now, format as 'csv' | 'json');
    const body =
      format === 'csv'
        ? findingsToCsv(findings)
        : JSON.stringify(findings.map(toFindingJson), null, 2) + '\n';
    return new Response(body, {
      headers: {
        'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (e) {
    return serverError(e);
  }
}

/** GET /api/v1/findings: viewers and above. */
export async function GET(request: Request): Promise<Response> {
  const who = await requireRole(request, 'viewer');
  if (who instanceof Response) return who;
  return findingsResponse(request, who);
}
