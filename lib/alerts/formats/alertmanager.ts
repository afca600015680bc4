import { toSeverity } from '../severity';
import type { AlertEventInput, AlertFormat } from '../types';
import { endedAt, findingUrl, guardEvent, parseObject } from './common';
import { fingerprintHex } from './fingerprint';

/** What Alertmanager puts in endsAt while an alert is firing (Go's zero time). */
export const ALERTMANAGER_ZERO_TIME = '0001-01-01T00:00:00Z';

/** The labels that identify a finding's alert; Prometheus treats an empty label as absent, so we omit those. */
export function alertLabels(event: AlertEventInput): Record<string, string> {
  const f = event.finding;
  const labels: Record<string, string> = { alertname: f.rule, target: f.target };
  if (f.host) labels.host = f.host;
  labels.severity = f.severity;
  if (f.subject !== '') labels.subject = f.subject;
  return labels;
}

// Go's LabelSet.String(): sorted, `name="value"` joined by ", " in braces (JSON quoting matches %q for
// the printable text we emit).
function labelSetString(labels: Record<string, string>): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `{${parts.join(', ')}}`;
}

/**
 * The Alertmanager webhook body, version 4, as Alertmanager itself sends it with `group_by: ['...']`:
 * each notification is a group of exactly one alert, so groupLabels are the alert's labels and the
 * groupKey is unique per alert. Receivers that deduplicate on groupKey then never merge two disks.
 */
export const alertmanagerFormat: AlertFormat = {
  name: 'alertmanager',
  signed: true,
  render(input) {
    const event = guardEvent(input);
    const f = event.finding;
    const labels = alertLabels(event);
    const status = event.type === 'resolved' ? 'resolved' : 'firing';
    const remediation = f.remediation.restartRequired
      ? `${f.remediation.summary} (the guest must be restarted)`
      : f.remediation.summary;
    // eventId: Alertmanager's schema has no event id, and receivers that drop replays need one in the body.
    const annotations = { summary: f.summary, description: f.detail, remediation, eventId: event.eventId };
    const url = findingUrl(event.publicUrl, f);
    return JSON.stringify({
      version: '4',
      groupKey: `{}:${labelSetString(labels)}`,
      truncatedAlerts: 0,
      status,
      receiver: event.webhook,
      groupLabels: labels,
      commonLabels: labels,
      commonAnnotations: annotations,
      externalURL: event.publicUrl,
      alerts: [
        {
          status,
          labels,
          annotations,
          startsAt: f.openedAt.toISOString(),
          endsAt: status === 'resolved' ? endedAt(event).toISOString() : ALERTMANAGER_ZERO_TIME,
          generatorURL: url,
          fingerprint: fingerprintHex(labels),
        },
      ],
    });
  },
  severityOf(body) {
    const o = parseObject(body);
    if (o?.version !== '4' || !Array.isArray(o.alerts)) return null;
    const first = o.alerts[0] as { labels?: Record<string, unknown> } | undefined;
    return toSeverity(first?.labels?.severity);
  },
};
