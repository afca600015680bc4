import { requestWebhookTest } from '@/lib/alerts/webhook-test-request';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/v1/webhooks/{name}/test: enqueues a test event for the webhook → 202 { eventId }. */
export async function POST(_request: Request, ctx: { params: Promise<{ name: string }> }) {
  return requestWebhookTest(await ctx.params);
}
