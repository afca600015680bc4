import { z } from 'zod';
import { sendTestEvent } from '@/lib/alerts/send-test-event';
import { loadEnv } from '@/lib/config/env';
import { getDb } from '@/lib/db/client';
import { InventoryError, loadInventory } from '@/lib/inventory/load';
import { invalidParams, notFound, ok, serverError } from '@/lib/http/response';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const paramsSchema = z.object({
  name: z.string().trim().min(1, 'must name a webhook').max(200, 'must be at most 200 characters'),
});

/** POST /api/v1/webhooks/{name}/test: enqueues a test event for the webhook → 202 { eventId }. */
export async function POST(_request: Request, ctx: { params: Promise<{ name: string }> }) {
  const parsed = paramsSchema.safeParse(await ctx.params);
  if (!parsed.success) return invalidParams(parsed.error);
  const { name } = parsed.data;
  try {
    const webhook = loadInventory({}).webhooks.find((w) => w.name === name);
    if (!webhook) return notFound(`unknown webhook ${name}; webhooks come from the inventory file`);
    const eventId = await sendTestEvent(getDb(), webhook, loadEnv().publicUrl);
    return ok({ eventId }, { status: 202 });
  } catch (e) {
    // A broken inventory is the operator's to fix: say what is wrong (its messages never hold secrets).
    if (e instanceof InventoryError) {
      return Response.json(
        { error: `the inventory file cannot be loaded; fix it and retry:\n${e.message}` },
        { status: 500, headers: { 'Cache-Control': 'no-store' } },
      );
    }
    return serverError(e);
  }
}
