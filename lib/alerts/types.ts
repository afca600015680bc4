import type { Severity } from '../probe/types';
import type { WebhookConfig } from '../inventory/types';

export type { Severity, WebhookConfig };

/**
 * What a receiver is told happened: an alert started (or repeats), ended, a test from the Alerts page, or
 * `overflow`: more events were due this cycle than the webhook's maxEventsPerCycle, and the rest follow later.
 */
export type AlertEventType = 'firing' | 'resolved' | 'test' | 'overflow';

/** Delivery state of one outbox row (AlertEvent.state). */
export type AlertEventState = 'pending' | 'delivered' | 'dead';

export type WebhookFormatName = WebhookConfig['format'];

/** A finding as the formats render it: a snapshot taken when the event is enqueued. */
export interface FindingSnapshot {
  id: number;
  /** target name from the inventory */
  target: string;
  targetKind: string;
  /** the guest's KVM host; null for hosts and local targets */
  host: string | null;
  rule: string;
  subject: string;
  severity: Severity;
  state: 'open' | 'resolved';
  summary: string;
  detail: string;
  openedAt: Date;
  resolvedAt: Date | null;
  remediation: { summary: string; restartRequired: boolean };
}

/** Everything a format needs to build one request body. */
export interface AlertEventInput {
  /** AlertEvent.uid, also sent as X-Entropy-Watch-Event-Id and webhook-id, and carried in every body */
  eventId: string;
  type: AlertEventType;
  webhook: string;
  finding: FindingSnapshot;
  /** when the event was enqueued; a resolved event's end time when the finding itself is still open */
  at: Date;
  /** ENTROPY_WATCH_PUBLIC_URL without a trailing slash */
  publicUrl: string;
}

/** One webhook body format (json, alertmanager, slack): a pure function of the event. */
export interface AlertFormat {
  name: WebhookFormatName;
  /** whether a configured secret signs the body (Slack incoming webhooks have no signature scheme) */
  signed: boolean;
  /** the request body; it is stored as the event payload so every retry sends the same bytes */
  render(event: AlertEventInput): string;
  /** the severity a body of this format announced, or null when the body is not of this format */
  severityOf(body: string): Severity | null;
}
