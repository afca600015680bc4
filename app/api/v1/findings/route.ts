import { getDb } from '@/lib/db/client';
import { findingsQuerySchema, searchParamsToObject } from '@/lib/http/params';
import { invalidParams, notFound, ok, serverError } from '@/lib/http/response';
import { listFindings, type FindingView } from '@/lib/queries/list-findings';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/v1/findings?state=open|resolved|all&severity=&target=&rule=: findings with their remediation. */
export async function GET(request: Request) {
  const parsed = findingsQuerySchema.safeParse(searchParamsToObject(new URL(request.url).searchParams));
  if (!parsed.success) return invalidParams(parsed.error);
  try {
    const db = getDb();
    if (parsed.data.target !== undefined) {
      const known = await db.target.findUnique({ where: { name: parsed.data.target }, select: { id: true } });
      if (!known) {
        return notFound(`unknown target "${parsed.data.target}"; GET /api/v1/targets lists the known names`);
      }
    }
    const findings = await listFindings(db, { ...parsed.data, limit: 10_000 });
    return ok(findings.map(toFindingJson));
  } catch (e) {
    return serverError(e);
  }
}

function toFindingJson(f: FindingView) {
  return {
    id: f.id,
    target: f.target,
    host: f.host,
    rule: f.rule,
    severity: f.severity,
    subject: f.subject,
    state: f.state,
    summary: f.summary,
    detail: f.detail,
    openedAt: f.openedAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
    resolvedAt: f.resolvedAt?.toISOString() ?? null,
    remediation: f.remediation,
    ...(f.remediationError ? { remediationError: f.remediationError } : {}),
  };
}
