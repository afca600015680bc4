// /metrics' open-findings counts on a real database: silenced (a silence in force now) and accepted
// findings, and those applied and waiting for a cold boot, are counted apart from the alerting ones, so Prometheus rules that select state="alerting"
// stay quiet for what the dashboard has silenced or accepted; an expired silence alerts again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { getMetricsSnapshot, splitByAlertState } from './get-metrics-snapshot';

const NOW = new Date('2026-11-25T12:00:00Z');
let t: TestDb;

beforeAll(async () => {
  t = await freshDb('ew-metrics-snap-');
  const target = await t.db.target.create({ data: { name: 'web-01', kind: 'guest' } });
  const silence = (expiresAt: Date) =>
    t.db.silence.create({
      data: {
        rule: 'rng-missing',
        comment: 'maintenance',
        createdBy: 'alice',
        createdAt: NOW,
        updatedAt: NOW,
        expiresAt,
      },
    });
  const inForce = await silence(new Date(NOW.getTime() + 3600_000));
  const expired = await silence(new Date(NOW.getTime() - 1_000));
  const finding = (
    subject: string,
    extra: { silenceId?: number; acceptedReason?: string; state?: string; pendingColdBootSince?: Date },
  ) =>
    t.db.finding.create({
      data: {
        targetId: target.id,
        rule: 'rng-missing',
        subject,
        severity: 'critical',
        state: extra.state ?? 'open',
        summary: 's',
        remediation: '{}',
        openedAt: NOW,
        updatedAt: NOW,
        silenceId: extra.silenceId ?? null,
        acceptedReason: extra.acceptedReason ?? null,
        pendingColdBootSince: extra.pendingColdBootSince ?? null,
      },
    });
  await finding('plain', {});
  await finding('silenced', { silenceId: inForce.id });
  await finding('silence-expired', { silenceId: expired.id });
  await finding('accepted', { acceptedReason: 'lab VM, no RNG by design' });
  await finding('accepted-and-silenced', { acceptedReason: 'policy', silenceId: inForce.id });
  await finding('resolved', { state: 'resolved' });
  await finding('applied', { pendingColdBootSince: NOW });
  await finding('applied-and-silenced', { pendingColdBootSince: NOW, silenceId: inForce.id });
}, 60_000);

afterAll(async () => {
  await t?.cleanup();
});

describe('getMetricsSnapshot open findings', () => {
  it('splits open findings into alerting, silenced and accepted', async () => {
    const snap = await getMetricsSnapshot(t.db, NOW);
    const rows = snap.openFindings.map((f) => [f.rule, f.severity, f.state, f.count]).sort();
    expect(rows).toEqual([
      ['rng-missing', 'critical', 'accepted', 2],
      ['rng-missing', 'critical', 'alerting', 2],
      ['rng-missing', 'critical', 'silenced', 1],
      ['rng-missing', 'critical', 'waiting-cold-boot', 2],
    ]);
  });

  it('counts a finding as alerting again once its silence has expired', async () => {
    const later = new Date(NOW.getTime() + 2 * 3600_000);
    const snap = await getMetricsSnapshot(t.db, later);
    expect(snap.openFindings.find((f) => f.state === 'silenced')).toBeUndefined();
    expect(snap.openFindings.find((f) => f.state === 'alerting')?.count).toBe(3);
  });
});

describe('splitByAlertState', () => {
  it('keeps an all-alerting row and omits empty silenced/accepted rows', () => {
    const none = { accepted: [], silenced: [], 'waiting-cold-boot': [] };
    expect(splitByAlertState([{ rule: 'r', severity: 'warning', count: 4 }], none)).toEqual([
      { rule: 'r', severity: 'warning', state: 'alerting', count: 4 },
    ]);
  });
});
