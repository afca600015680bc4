import { resolveIdentity } from '@/lib/auth/identity';
import { appNow } from '@/lib/config/clock';
import { getDb } from '@/lib/db/client';
import { getHealth } from '@/lib/queries/get-health';
import { listCollectors } from '@/lib/queries/list-collectors';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * GET /api/health: 200 when the database answers (status "degraded" if the collector is behind), 503 when
 * it does not. Open to anyone, so it says nothing but { status }; a signed-in caller or token gets the details.
 */
export async function GET(request: Request) {
  const health = await getHealth(getDb(), appNow());
  const status = health.status === 'down' ? 503 : 200;
  const who = await resolveIdentity(request.headers).catch(() => null);
  const headers = { 'Cache-Control': 'no-store' };
  if (who?.kind !== 'identity') return Response.json({ status: health.status }, { status, headers });
  // Every collector process (several on PostgreSQL), with its leases and last cycle.
  const collectors = health.database.ok ? await listCollectors(getDb(), appNow()).catch(() => []) : [];
  return Response.json({ ...health, collectors }, { status, headers });
}
