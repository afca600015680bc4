import { requireRole } from '@/lib/auth/guard';
import { appNow } from '@/lib/config/clock';
import { getDb } from '@/lib/db/client';
import { samplesQuerySchema, searchParamsToObject } from '@/lib/http/params';
import { badRequest, invalidParams, notFound, ok, serverError } from '@/lib/http/response';
import { getSampleSeries } from '@/lib/queries/get-sample-series';
import { formatStep, SeriesPlanError } from '@/lib/queries/series-plan';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/v1/targets/{name}/samples?from=&to=&step=: entropy_avail min/avg/max per bucket, at most 1,000 buckets. */
export async function GET(request: Request, ctx: { params: Promise<{ name: string }> }) {
  const who = await requireRole(request, 'viewer');
  if (who instanceof Response) return who;
  const { name } = await ctx.params;
  const parsed = samplesQuerySchema(appNow()).safeParse(
    searchParamsToObject(new URL(request.url).searchParams),
  );
  if (!parsed.success) return invalidParams(parsed.error);
  const { from, to, stepMs } = parsed.data;
  try {
    const series = await getSampleSeries(getDb(), name, { from, to, step: stepMs });
    if (!series) return notFound(`unknown target "${name}"; GET /api/v1/targets lists the known names`);
    return ok({
      target: series.target,
      from: series.from.toISOString(),
      to: series.to.toISOString(),
      step: formatStep(series.stepMs),
      stepMs: series.stepMs,
      source: series.source,
      points: series.points.map((p) => ({ ...p, at: new Date(p.at).toISOString() })),
    });
  } catch (e) {
    if (e instanceof SeriesPlanError)
      return badRequest(`step: ${e.message}`, [{ param: 'step', message: e.message }]);
    return serverError(e);
  }
}
