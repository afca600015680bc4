import type { Db } from '../db/client';
import type { WebhookConfig } from '../inventory/types';
import type { Severity } from '../probe/types';
import { redactUrl } from '../alerts/redact';
import { formatFor } from '../alerts/formats/registry';
import { toSeverity } from '../alerts/severity';
import type { AlertEventState, AlertEventType } from '../alerts/types';

/** How many events per webhook, and attempts per event, the Alerts page shows. */
export const WEBHOOK_EVENTS_SHOWN = 50;
export const EVENT_ATTEMPTS_SHOWN = 20;

export interface AlertAttemptView {
  at: Date;
  /** null when no HTTP answer came (refused, timeout, DNS...) */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface AlertEventView {
  id: number;
  /** the X-Entropy-Watch-Event-Id receivers saw */
  uid: string;
  type: AlertEventType;
  state: AlertEventState;
  createdAt: Date;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  lastError: string | null;
  /** total attempts; attemptLog holds the newest EVENT_ATTEMPTS_SHOWN of them, oldest first */
  attempts: number;
  attemptLog: AlertAttemptView[];
  /** null for test events and for findings deleted since */
  finding: {
    id: number;
    target: string;
    rule: string;
    subject: string;
    severity: Severity;
    state: 'open' | 'resolved';
    summary: string;
  } | null;
}

export interface WebhookActivity {
  name: string;
  /** credentials, path and query hidden */
  url: string;
  format: WebhookConfig['format'];
  /** a secret is set and the format is signed (Slack is never signed) */
  signed: boolean;
  minSeverity: Severity;
  forMs: number;
  repeatMs: number;
  counts: Record<AlertEventState, number>;
  /** newest first */
  events: AlertEventView[];
}

/** Per configured webhook: its settings (URL redacted), event counts by state and the latest events with their attempts. */
export async function listWebhookActivity(db: Db, webhooks: WebhookConfig[]): Promise<WebhookActivity[]> {
  if (webhooks.length === 0) return [];
  const names = webhooks.map((w) => w.name);
  const [counts, perWebhook] = await Promise.all([
    db.alertEvent.groupBy({
      by: ['webhook', 'state'],
      where: { webhook: { in: names } },
      _count: { _all: true },
    }),
    Promise.all(
      names.map((name) =>
        db.alertEvent.findMany({
          where: { webhook: name },
          orderBy: { id: 'desc' },
          take: WEBHOOK_EVENTS_SHOWN,
          select: {
            id: true,
            uid: true,
            type: true,
            state: true,
            createdAt: true,
            nextAttemptAt: true,
            deliveredAt: true,
            lastError: true,
            attempts: true,
            attemptLog: {
              orderBy: { id: 'desc' },
              take: EVENT_ATTEMPTS_SHOWN,
              select: { at: true, statusCode: true, error: true, durationMs: true },
            },
            finding: {
              select: {
                id: true,
                rule: true,
                subject: true,
                severity: true,
                state: true,
                summary: true,
                target: { select: { name: true } },
              },
            },
          },
        }),
      ),
    ),
  ]);
  return webhooks.map((w, i) => {
    const tally: Record<AlertEventState, number> = { pending: 0, delivered: 0, dead: 0 };
    for (const c of counts) {
      if (c.webhook === w.name && (c.state === 'pending' || c.state === 'delivered' || c.state === 'dead')) {
        tally[c.state] = c._count._all;
      }
    }
    return {
      name: w.name,
      url: redactUrl(w.url),
      format: w.format,
      signed: !!w.secret && formatFor(w.format).signed,
      minSeverity: w.minSeverity,
      forMs: w.forMs,
      repeatMs: w.repeatMs,
      counts: tally,
      events: (perWebhook[i] ?? []).map((e): AlertEventView => ({
        id: e.id,
        uid: e.uid,
        type: e.type as AlertEventType,
        state: e.state as AlertEventState,
        createdAt: e.createdAt,
        nextAttemptAt: e.nextAttemptAt,
        deliveredAt: e.deliveredAt,
        lastError: e.lastError,
        attempts: e.attempts,
        attemptLog: [...e.attemptLog].reverse(),
        finding: e.finding
          ? {
              id: e.finding.id,
              target: e.finding.target.name,
              rule: e.finding.rule,
              subject: e.finding.subject,
              // As in the alert itself, a severity outside the contract shows as critical, never hidden.
              severity: toSeverity(e.finding.severity) ?? 'critical',
              state: e.finding.state === 'resolved' ? 'resolved' : 'open',
              summary: e.finding.summary,
            }
          : null,
      })),
    };
  });
}
