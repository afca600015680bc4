import { requestWebhookTest } from '@/lib/alerts/webhook-test-request';
import { recordAudit } from '@/lib/auth/audit';
import { requireRole } from '@/lib/auth/guard';
import { getDb } from '@/lib/db/client';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/v1/webhooks/{name}/test: enqueues a test event for the webhook → 202 { eventId }. Operators. */
export async function POST(request: Request, ctx: { params: Promise<{ name: string }> }) {
  const who = await requireRole(request, 'operator');
  if (who instanceof Response) return who;
  return requestWebhookTest(await ctx.params, (name, eventId) =>
    recordAudit(getDb(), {
      action: 'webhook.test',
      actor: who.username,
      via: who.via,
      address: who.address,
      subject: name,
      detail: `event ${eventId}`,
    }),
  );
}
