import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../db/client';
import type { WebhookConfig } from '../inventory/types';
import { testFindingSnapshot } from './formats/common';
import { formatFor } from './formats/registry';
import { kickAlertDelivery } from './kick';

/** Enqueues a `test` event (no finding) for one webhook and returns its event id (the uid receivers see). */
export async function sendTestEvent(
  db: PrismaClient,
  webhook: WebhookConfig,
  publicUrl: string,
  now: Date = new Date(),
): Promise<string> {
  const uid = randomUUID();
  const payload = formatFor(webhook.format).render({
    eventId: uid,
    type: 'test',
    webhook: webhook.name,
    finding: testFindingSnapshot(webhook.name, now),
    at: now,
    publicUrl,
  });
  await db.alertEvent.create({
    data: {
      uid,
      webhook: webhook.name,
      type: 'test',
      payload,
      createdAt: now,
      state: 'pending',
      nextAttemptAt: now,
    },
  });
  kickAlertDelivery();
  return uid;
}
