import { safeText } from '../../text/bound';
import type { AlertEventInput, FindingSnapshot } from '../types';

/** Test events carry this synthetic finding (id 0) so receivers can parse them like any other event. */
export const TEST_FINDING_ID = 0;

// Upper bounds on what a finding may put into one alert. Summaries and details quote guest text (a kernel
// release of any length, rng_available words); a receiver gets at most this much of it, escaped.
export const SNAPSHOT_LIMITS = {
  name: 200,
  subject: 200,
  summary: 300,
  detail: 2000,
  remediation: 1000,
} as const;

/** Where a person clicks to see the finding (the dashboard's Findings page opens and scrolls to ?id=N). */
export function findingUrl(publicUrl: string, finding: FindingSnapshot): string {
  if (finding.id === TEST_FINDING_ID) return `${publicUrl}/alerts`;
  return `${publicUrl}/findings?id=${finding.id}`;
}

/**
 * The snapshot every format renders: control characters and bidi overrides escaped (so no ESC or BEL
 * reaches a body) and every text field bounded (SNAPSHOT_LIMITS), whatever the stored finding holds.
 */
export function guardSnapshot(f: FindingSnapshot): FindingSnapshot {
  const L = SNAPSHOT_LIMITS;
  return {
    ...f,
    target: safeText(f.target, L.name),
    targetKind: safeText(f.targetKind, L.name),
    host: f.host === null ? null : safeText(f.host, L.name),
    rule: safeText(f.rule, L.name),
    subject: safeText(f.subject, L.subject),
    summary: safeText(f.summary, L.summary),
    detail: safeText(f.detail, L.detail),
    remediation: {
      summary: safeText(f.remediation.summary, L.remediation),
      restartRequired: f.remediation.restartRequired,
    },
  };
}

/** The event with its finding guarded (see guardSnapshot); every format starts here. */
export function guardEvent(event: AlertEventInput): AlertEventInput {
  return {
    ...event,
    webhook: safeText(event.webhook, SNAPSHOT_LIMITS.name),
    finding: guardSnapshot(event.finding),
  };
}

/** The snapshot a `test` event renders: harmless, clearly labelled, and valid in every format. */
export function testFindingSnapshot(webhook: string, at: Date): FindingSnapshot {
  return {
    id: TEST_FINDING_ID,
    target: 'entropy-watch',
    targetKind: 'local',
    host: null,
    rule: 'webhook-test',
    subject: '',
    severity: 'info',
    state: 'open',
    summary: `Test event for webhook "${webhook}": if you can read this, delivery works`,
    detail: 'Sent from the Alerts page of Entropy Watch. No action is needed.',
    openedAt: at,
    resolvedAt: null,
    remediation: { summary: 'No action needed: this is a test.', restartRequired: false },
  };
}

/** When the alert ended: the finding's resolve time, else the event time (a severity change ends the old alert). */
export function endedAt(event: AlertEventInput): Date {
  return event.finding.resolvedAt ?? event.at;
}

/** Safe JSON reading for severityOf(): a body that is not a JSON object yields null. */
export function parseObject(body: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(body);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
