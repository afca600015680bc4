import { getDb } from '@/lib/db/client';
import { serverError } from '@/lib/http/response';
import { renderMetrics } from '@/lib/metrics/exposition';
import { getMetricsSnapshot } from '@/lib/queries/get-metrics-snapshot';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /metrics: Prometheus exposition of the fleet (per-target gauges, open findings, collectors). */
export async function GET() {
  try {
    const { contentType, body } = await renderMetrics(await getMetricsSnapshot(getDb()));
    return new Response(body, { headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } });
  } catch (e) {
    return serverError(e);
  }
}
