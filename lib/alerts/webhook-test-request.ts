import { z } from 'zod';
import { loadEnv } from '../config/env';
import { getDb } from '../db/client';
import { invalidParams, notFound, ok, serverError } from '../http/response';
import { InventoryError, loadInventory } from '../inventory/load';
import { sendTestEvent } from './send-test-event';

const paramsSchema = z.object({
  name: z.string().trim().min(1, 'must name a webhook').max(200, 'must be at most 200 characters'),
});

/**
 * POST /api/v1/webhooks/{name}/test once the caller is authorized: enqueues a test event for the named
 * webhook → 202 { eventId }. `onSent` runs after the event is enqueued (the route records its audit
 * entry there). The route handler and the integration test both call this, so no test reaches into app/.
 */
export async function requestWebhookTest(
  params: unknown,
  onSent?: (name: string, eventId: string) => Promise<void>,
): Promise<Response> {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) return invalidParams(parsed.error);
  const { name } = parsed.data;
  try {
    const webhook = loadInventory({}).webhooks.find((w) => w.name === name);
    if (!webhook) return notFound(`unknown webhook ${name}; webhooks come from the inventory file`);
    const eventId = await sendTestEvent(getDb(), webhook, loadEnv().publicUrl);
    await onSent?.(name, eventId);
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
