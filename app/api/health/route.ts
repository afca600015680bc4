import { appNow } from '@/lib/config/clock';
import { getDb } from '@/lib/db/client';
import { getHealth } from '@/lib/queries/get-health';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/health: 200 when the database answers (status "degraded" if the collector is behind), 503 when it does not. */
export async function GET() {
  const health = await getHealth(getDb(), appNow());
  return Response.json(health, { status: health.status === 'down' ? 503 : 200 });
}
