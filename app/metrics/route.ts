import { requireRole } from '@/lib/auth/guard';
import { getDb } from '@/lib/db/client';
import { serverError } from '@/lib/http/response';
import { renderMetrics } from '@/lib/metrics/exposition';
import { getMetricsSnapshot } from '@/lib/queries/get-metrics-snapshot';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * GET /metrics: Prometheus exposition of the fleet (per-target gauges, open findings, collectors).
 * Like every other endpoint it needs an identity: Prometheus sends a `read` API token
 * (`authorization: { credentials: <token> }` in its scrape config).
 */
export async function GET(request: Request) {
  const who = await requireRole(request, 'viewer');
  if (who instanceof Response) return who;
  try {
    const { contentType, body } = await renderMetrics(await getMetricsSnapshot(getDb()));
    return new Response(body, { headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } });
  } catch (e) {
    return serverError(e);
  }
}
