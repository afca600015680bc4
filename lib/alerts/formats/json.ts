import { toSeverity } from '../severity';
import type { AlertFormat } from '../types';
import { findingUrl, guardEvent, parseObject } from './common';

/**
 * Our own documented schema (version 1). There is deliberately no send time in the body: the body is
 * built once at enqueue time so retries are byte-identical; the send time is the X-Entropy-Watch-Timestamp
 * header.
 */
export const jsonFormat: AlertFormat = {
  name: 'json',
  signed: true,
  render(input) {
    const event = guardEvent(input);
    const f = event.finding;
    return JSON.stringify({
      version: 1,
      eventId: event.eventId,
      type: event.type,
      webhook: event.webhook,
      finding: {
        id: f.id,
        target: f.target,
        host: f.host,
        rule: f.rule,
        severity: f.severity,
        subject: f.subject,
        state: f.state,
        summary: f.summary,
        detail: f.detail,
        openedAt: f.openedAt.toISOString(),
        resolvedAt: f.resolvedAt?.toISOString() ?? null,
        url: findingUrl(event.publicUrl, f),
      },
      remediation: { summary: f.remediation.summary, restartRequired: f.remediation.restartRequired },
    });
  },
  severityOf(body) {
    const o = parseObject(body);
    if (o?.version !== 1) return null;
    const finding = o.finding as Record<string, unknown> | null | undefined;
    return toSeverity(finding?.severity);
  },
};
