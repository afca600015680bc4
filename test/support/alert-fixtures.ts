// Database fixtures for the alert integration tests: a fresh migrated SQLite file per test, targets,
// findings, and lifecycle transitions that call syncAlertEvents in the same transaction.
import type { PrismaClient } from '../../lib/db/client';
import { freshDb as freshTestDb, type TestDb } from './test-db';
import type { WebhookConfig } from '../../lib/inventory/types';
import type { Severity } from '../../lib/probe/types';
import { type AlertTx, type EnqueuedEvent, syncAlertEvents } from '../../lib/alerts/outbox';

export const PUBLIC_URL = 'http://entropy.test';

export type { TestDb };

/** A new migrated database file of its own. */
export const freshDb = (): Promise<TestDb> => freshTestDb('ew-alerts-');

export function webhook(over: Partial<WebhookConfig> & Pick<WebhookConfig, 'name' | 'url'>): WebhookConfig {
  return { format: 'json', secret: null, minSeverity: 'warning', forMs: 0, repeatMs: 0, ...over };
}

/** A guest target on a host, as the collector would have stored them. */
export async function createGuest(db: PrismaClient, name: string, hostName = 'kvm-01'): Promise<number> {
  const host = await db.target.upsert({
    where: { name: hostName },
    create: { name: hostName, kind: 'host' },
    update: {},
  });
  const guest = await db.target.create({ data: { name, kind: 'guest', hostId: host.id, domain: name } });
  return guest.id;
}

export interface OpenFinding {
  targetId: number;
  rule?: string;
  subject?: string;
  severity?: Severity;
  openedAt: Date;
}

const REMEDIATION = JSON.stringify({
  summary: 'Add <rng model="virtio"> to the domain',
  reason: 'guests without a virtio-rng start with an empty pool',
  steps: [{ description: 'virsh edit', runOn: 'host kvm-01', command: 'virsh edit web-01' }],
  restartRequired: true,
});

/** Lifecycle step: changes findings with `change`, then syncs alerts, in one transaction (as the lead's lifecycle does). */
export async function transition(
  db: PrismaClient,
  opts: { now: Date; webhooks: WebhookConfig[]; resolvedFindingIds?: number[] },
  change: (tx: AlertTx) => Promise<unknown> = async () => undefined,
): Promise<EnqueuedEvent[]> {
  return db.$transaction(async (tx) => {
    await change(tx);
    return syncAlertEvents(tx, { ...opts, publicUrl: PUBLIC_URL });
  });
}

export async function openFinding(tx: AlertTx, f: OpenFinding): Promise<number> {
  const row = await tx.finding.create({
    data: {
      targetId: f.targetId,
      rule: f.rule ?? 'rng-missing',
      subject: f.subject ?? '',
      severity: f.severity ?? 'warning',
      state: 'open',
      summary: 'no virtio-rng device',
      detail: 'rng_available is empty',
      remediation: REMEDIATION,
      openedAt: f.openedAt,
      updatedAt: f.openedAt,
    },
  });
  return row.id;
}

export async function resolveFinding(tx: AlertTx, id: number, at: Date): Promise<void> {
  await tx.finding.update({ where: { id }, data: { state: 'resolved', resolvedAt: at, updatedAt: at } });
}
