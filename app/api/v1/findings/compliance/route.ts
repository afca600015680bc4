import { requireRole } from '@/lib/auth/guard';
import { appNow } from '@/lib/config/clock';
import { getDb } from '@/lib/db/client';
import { ok, serverError } from '@/lib/http/response';
import { getCompliance } from '@/lib/queries/get-compliance';
import { readInventorySettings } from '@/lib/queries/inventory-settings';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/v1/findings/compliance: per rule, targets affected, oldest open, silenced, accepted; stale exceptions. */
export async function GET(request: Request) {
  const who = await requireRole(request, 'viewer');
  if (who instanceof Response) return who;
  try {
    const now = appNow();
    const summary = await getCompliance(getDb(), readInventorySettings().accept, now);
    return ok({
      at: now.toISOString(),
      rules: summary.rules.map((r) => ({ ...r, oldestOpenAt: r.oldestOpenAt?.toISOString() ?? null })),
      staleExceptions: summary.staleExceptions.map((s) => ({ where: s.where, ...s.entry })),
    });
  } catch (e) {
    return serverError(e);
  }
}
