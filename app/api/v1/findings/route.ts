import { requireRole } from '@/lib/auth/guard';
import { findingsResponse } from '@/lib/http/findings-endpoint';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/v1/findings (parameters in lib/http/findings-endpoint.ts and docs/api.md). Viewers. */
export async function GET(request: Request) {
  const who = await requireRole(request, 'viewer');
  if (who instanceof Response) return who;
  return findingsResponse(request, who);
}
