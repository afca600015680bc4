import { randomUUID } from 'node:crypto';
import { Prisma } from '../db/generated/client';
import type { WebhookConfig } from '../inventory/types';
import { formatFor, formats } from './formats/registry';
import { loadMutedFindingIds } from './muted';
import { capPlannedEvents, DEFAULT_MAX_EVENTS_PER_CYCLE, overflowSnapshot } from './overflow';
import { type AlertHistory, type PlannedEvent, planWebhookEvents } from './plan';
import { findingSnapshot, type FindingRow } from './snapshot';
import type { AlertEventState } from './types';
import { assertUniqueWebhookNames } from './webhook-names';

/** A Prisma interactive-transaction client (a PrismaClient works too). */
export type AlertTx = Prisma.TransactionClient;

export interface SyncAlertEventsOptions {
  now: Date;
  webhooks: WebhookConfig[];
  publicUrl: string;
  /**
   * Findings this cycle resolved. Optional: every resolved finding whose alert is still firing is found
   * from the outbox itself, so a resolve is never missed (a crashed cycle, a webhook added later). Each id
   * must name a resolved finding; anything else is a lifecycle bug and throws.
   */
  resolvedFindingIds?: number[];
}

export interface EnqueuedEvent extends PlannedEvent {
  webhook: string;
  uid: string;
}

const findingInclude = {
  target: { select: { name: true, kind: true, host: { select: { name: true } } } },
} as const;

/**
 * Enqueues the firing/resolved events the findings call for, for every webhook, inside the caller's
 * transaction (the one that opened/resolved the findings), so a finding change and its alert are
 * committed together. Idempotent: a second call with nothing changed adds nothing.
 */
export async function syncAlertEvents(tx: AlertTx, opts: SyncAlertEventsOptions): Promise<EnqueuedEvent[]> {
  const { now, webhooks } = opts;
  assertUniqueWebhookNames(webhooks);
  const names = webhooks.map((w) => w.name);
  if (webhooks.length === 0) return [];

  const findings = await loadCandidateFindings(tx, names, opts.resolvedFindingIds ?? []);
  if (findings.length === 0) return [];
  const histories = await loadHistories(
    tx,
    findings.map((f) => f.id),
    names,
  );

  // Silenced and accepted findings are planned like the rest but fire nothing (lib/alerts/plan.ts).
  const muted = await loadMutedFindingIds(
    tx,
    findings.map((f) => f.id),
    now,
  );
  const snapshots = new Map(findings.map((f) => [f.id, findingSnapshot(f)]));
  const planFindings = [...snapshots.values()].map((s) => ({
    id: s.id,
    state: s.state,
    severity: s.severity,
    openedAt: s.openedAt,
    muted: muted.has(s.id),
  }));
  const enqueued: EnqueuedEvent[] = [];
  const rows: Prisma.AlertEventCreateManyInput[] = [];
  for (const webhook of webhooks) {
    const format = formatFor(webhook.format);
    const max = webhook.maxEventsPerCycle ?? DEFAULT_MAX_EVENTS_PER_CYCLE;
    const { kept: planned, withheld } = capPlannedEvents(
      planWebhookEvents({
        now,
        webhook,
        findings: planFindings,
        history: histories.get(webhook.name) ?? new Map(),
      }),
      max,
    );
    for (const p of planned) {
      const uid = randomUUID();
      const finding = { ...snapshots.get(p.findingId)!, severity: p.severity };
      const payload = format.render({
        eventId: uid,
        type: p.type,
        webhook: webhook.name,
        finding,
        at: now,
        publicUrl: opts.publicUrl,
      });
      rows.push({
        uid,
        webhook: webhook.name,
        findingId: p.findingId,
        type: p.type,
        payload,
        createdAt: now,
        state: 'pending',
        nextAttemptAt: now,
      });
      enqueued.push({ ...p, webhook: webhook.name, uid });
    }
    if (withheld.length > 0) rows.push(overflowRow(webhook, withheld, max, now, opts.publicUrl));
  }
  // createMany keeps the order of `rows`, so ids (the delivery order) follow the plan: resolve before re-fire.
  if (rows.length > 0) await tx.alertEvent.createMany({ data: rows });
  return enqueued;
}

// One event saying how many were held back; it has no finding, so it never enters a finding's history.
function overflowRow(
  webhook: WebhookConfig,
  withheld: PlannedEvent[],
  max: number,
  now: Date,
  publicUrl: string,
): Prisma.AlertEventCreateManyInput {
  const uid = randomUUID();
  const payload = formatFor(webhook.format).render({
    eventId: uid,
    type: 'overflow',
    webhook: webhook.name,
    finding: overflowSnapshot(webhook.name, withheld, max, now),
    at: now,
    publicUrl,
  });
  return {
    uid,
    webhook: webhook.name,
    type: 'overflow',
    payload,
    createdAt: now,
    state: 'pending',
    nextAttemptAt: now,
  };
}

async function loadCandidateFindings(
  tx: AlertTx,
  webhooks: string[],
  resolvedIds: number[],
): Promise<FindingRow[]> {
  // Resolved findings whose alert is still firing at some webhook: a firing event with no later resolved
  // event for the same webhook. Scanning the outbox (not "resolved this cycle") is what makes a missed
  // cycle harmless.
  const outstanding = await tx.$queryRaw<{ id: number | bigint }[]>`
    SELECT DISTINCT f."id" AS id FROM "Finding" f
    JOIN "AlertEvent" e ON e."findingId" = f."id" AND e."type" = 'firing'
    WHERE f."state" = 'resolved' AND e."webhook" IN (${Prisma.join(webhooks)})
      AND NOT EXISTS (SELECT 1 FROM "AlertEvent" r WHERE r."findingId" = f."id" AND r."webhook" = e."webhook"
        AND r."type" = 'resolved' AND r."id" > e."id")`;
  const resolvedCandidates = new Set([...outstanding.map((r) => Number(r.id)), ...resolvedIds]);
  const [open, resolved] = await Promise.all([
    tx.finding.findMany({ where: { state: 'open' }, include: findingInclude }),
    resolvedCandidates.size === 0
      ? Promise.resolve([])
      : tx.finding.findMany({ where: { id: { in: [...resolvedCandidates] } }, include: findingInclude }),
  ]);
  for (const id of resolvedIds) {
    const f = resolved.find((r) => r.id === id);
    if (!f || f.state !== 'resolved') {
      throw new Error(
        `syncAlertEvents: finding ${id} was passed in resolvedFindingIds but is ${f ? `"${f.state}"` : 'missing'}; ` +
          'resolve it in the same transaction before syncing alerts',
      );
    }
  }
  return [...open, ...resolved.filter((f) => f.state === 'resolved')];
}

/** webhook → finding id → history, from the firing/resolved events of these findings. */
async function loadHistories(
  tx: AlertTx,
  findingIds: number[],
  webhooks: string[],
): Promise<Map<string, Map<number, AlertHistory>>> {
  const events = await tx.alertEvent.findMany({
    where: { findingId: { in: findingIds }, webhook: { in: webhooks }, type: { in: ['firing', 'resolved'] } },
    select: { id: true, findingId: true, webhook: true, type: true, state: true, createdAt: true },
    orderBy: { id: 'asc' },
  });
  const lastFiringId = new Map<string, number>();
  const out = new Map<string, Map<number, AlertHistory>>();
  for (const e of events) {
    const findingId = e.findingId!;
    const perWebhook = out.get(e.webhook) ?? new Map<number, AlertHistory>();
    out.set(e.webhook, perWebhook);
    const h = perWebhook.get(findingId) ?? { lastType: null, lastFiring: null, pending: false };
    perWebhook.set(findingId, h);
    h.lastType = e.type === 'firing' ? 'firing' : 'resolved';
    if (e.state === 'pending') h.pending = true;
    if (e.type === 'firing') {
      h.lastFiring = { at: e.createdAt, severity: null, state: e.state as AlertEventState };
      lastFiringId.set(`${e.webhook}\u0000${findingId}`, e.id);
    }
  }
  // Only the newest firing body of each pair is read back, for the severity it announced.
  const bodies = await tx.alertEvent.findMany({
    where: { id: { in: [...lastFiringId.values()] } },
    select: { id: true, payload: true },
  });
  const payloadById = new Map(bodies.map((b) => [b.id, b.payload]));
  for (const [key, id] of lastFiringId) {
    const [webhook, findingId] = key.split('\u0000') as [string, string];
    const h = out.get(webhook)?.get(Number(findingId));
    if (h?.lastFiring) h.lastFiring.severity = formats.severityOf(payloadById.get(id) ?? '');
  }
  return out;
}
