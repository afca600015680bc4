import { z } from 'zod';
import { AUDIT_ACTIONS, listAudit } from '@/lib/auth/audit';
import { requireRole } from '@/lib/auth/guard';
import { getDb } from '@/lib/db/client';
import { searchParamsToObject } from '@/lib/http/params';
import { invalidParams, ok, serverError } from '@/lib/http/response';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const query = z.object({
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .default(100),
  before: z.coerce.number({ error: 'must be an audit entry id' }).int().positive().optional(),
  action: z
    .enum(AUDIT_ACTIONS, {
      error: (i) => `must be one of ${AUDIT_ACTIONS.join(', ')}, got "${String(i.input)}"`,
    })
    .optional(),
  actor: z.string().max(100).optional(),
});

/** GET /api/v1/audit?limit=&before=&action=&actor=: the audit log, newest first (admins). */
export async function GET(request: Request) {
  const who = await requireRole(request, 'admin');
  if (who instanceof Response) return who;
  const parsed = query.safeParse(searchParamsToObject(new URL(request.url).searchParams));
  if (!parsed.success) return invalidParams(parsed.error);
  try {
    return ok(await listAudit(getDb(), parsed.data));
  } catch (e) {
    return serverError(e);
  }
}
