// The handlers of /metrics (the route file in app/ re-exports them, so tests call them without app/).
import { requireRole } from '../../auth/guard';
import { getDb } from '../../db/client';
import { serverError } from '../response';
import { renderMetrics } from '../../metrics/exposition';
import { getMetricsSnapshot } from '../../queries/get-metrics-snapshot';

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
