import { describe, expect, it } from 'vitest';
import { type AlertHistory, type PlanFinding, type PlannedEvent, planWebhookEvents } from './plan';
import type { Severity } from '../probe/types';

const MIN = 60_000;
const now = new Date('2026-11-21T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const webhook = { minSeverity: 'warning' as Severity, forMs: 2 * MIN, repeatMs: 4 * 60 * MIN };

function finding(over: Partial<PlanFinding> = {}): PlanFinding {
  return { id: 1, state: 'open', severity: 'warning', openedAt: ago(10 * MIN), ...over };
}

function firingHistory(over: Partial<AlertHistory> = {}, severity: Severity = 'warning'): AlertHistory {
  return {
    lastType: 'firing',
    lastFiring: { at: ago(5 * MIN), severity, state: 'delivered' },
    pending: false,
    ...over,
  };
}

function plan(
  findings: PlanFinding[],
  history: Map<number, AlertHistory> = new Map(),
  w = webhook,
  at = now,
) {
  return planWebhookEvents({ now: at, webhook: w, findings, history });
}

// What the outbox would hold after enqueueing `planned` at `at` (events still pending).
function enqueue(history: Map<number, AlertHistory>, planned: PlannedEvent[], at: Date) {
  const next = new Map(history);
  for (const p of planned) {
    const h = { ...(next.get(p.findingId) ?? { lastType: null, lastFiring: null, pending: false }) };
    h.lastType = p.type;
    h.pending = true;
    if (p.type === 'firing') h.lastFiring = { at, severity: p.severity, state: 'pending' };
    next.set(p.findingId, h);
  }
  return next;
}

describe('planWebhookEvents', () => {
  it('fires an open finding once it has held for forMs, and not before', () => {
    expect(plan([finding({ openedAt: ago(2 * MIN - 1) })])).toEqual([]);
    expect(plan([finding({ openedAt: ago(2 * MIN) })])).toEqual([
      { findingId: 1, type: 'firing', severity: 'warning', reason: 'fired' },
    ]);
  });

  it('filters by minSeverity: info with minSeverity warning gives nothing, critical fires', () => {
    expect(plan([finding({ severity: 'info' })])).toEqual([]);
    expect(plan([finding({ severity: 'critical' })]).map((p) => p.type)).toEqual(['firing']);
    expect(
      plan([finding({ severity: 'warning' })], new Map(), { ...webhook, minSeverity: 'critical' }),
    ).toEqual([]);
  });

  it('is idempotent: planning again after enqueueing adds nothing', () => {
    const findings = [
      finding({ id: 1 }),
      finding({ id: 2, severity: 'critical' }),
      finding({ id: 3, state: 'resolved' }),
    ];
    const first = plan(findings, new Map([[3, firingHistory()]]));
    expect(first.map((p) => `${p.findingId}:${p.type}`)).toEqual(['1:firing', '2:firing', '3:resolved']);
    expect(plan(findings, enqueue(new Map([[3, firingHistory()]]), first, now))).toEqual([]);
  });

  it('resolves a firing finding once, with the severity that fired', () => {
    const history = new Map([[1, firingHistory({}, 'critical')]]);
    const resolved = finding({ state: 'resolved', severity: 'warning' });
    const out = plan([resolved], history);
    expect(out).toEqual([{ findingId: 1, type: 'resolved', severity: 'critical', reason: 'resolved' }]);
    expect(plan([resolved], enqueue(history, out, now))).toEqual([]);
  });

  it('sends nothing for a flap shorter than forMs: no firing while open, no resolved after', () => {
    const flapping = finding({ openedAt: ago(30_000) });
    const before = plan([flapping]);
    expect(before).toEqual([]);
    expect(plan([{ ...flapping, state: 'resolved' }], enqueue(new Map(), before, now))).toEqual([]);
  });

  it('repeats after repeatMs while firing, unless repeatMs is 0 or an event is still pending', () => {
    const old = firingHistory({
      lastFiring: { at: ago(4 * 60 * MIN), severity: 'warning', state: 'delivered' },
    });
    expect(plan([finding()], new Map([[1, old]]))).toEqual([
      { findingId: 1, type: 'firing', severity: 'warning', reason: 'repeat' },
    ]);
    expect(plan([finding()], new Map([[1, { ...old, pending: true }]]))).toEqual([]);
    expect(plan([finding()], new Map([[1, old]]), { ...webhook, repeatMs: 0 })).toEqual([]);
    const recent = firingHistory({
      lastFiring: { at: ago(4 * 60 * MIN - 1), severity: 'warning', state: 'delivered' },
    });
    expect(plan([finding()], new Map([[1, recent]]))).toEqual([]);
  });

  it('treats a severity change as a new alert: resolve the old severity, fire the new one', () => {
    const history = new Map([[1, firingHistory({}, 'warning')]]);
    const escalated = finding({ severity: 'critical' });
    const out = plan([escalated], history);
    expect(out).toEqual([
      { findingId: 1, type: 'resolved', severity: 'warning', reason: 'severity-changed' },
      { findingId: 1, type: 'firing', severity: 'critical', reason: 'severity-changed' },
    ]);
    expect(plan([escalated], enqueue(history, out, now))).toEqual([]);
  });

  it('only resolves when the severity falls below minSeverity, and fires again if it rises back', () => {
    const history = new Map([[1, firingHistory({}, 'warning')]]);
    const out = plan([finding({ severity: 'info' })], history);
    expect(out).toEqual([
      { findingId: 1, type: 'resolved', severity: 'warning', reason: 'below-min-severity' },
    ]);
    const after = enqueue(history, out, now);
    expect(plan([finding({ severity: 'info' })], after)).toEqual([]);
    expect(plan([finding({ severity: 'warning' })], after).map((p) => p.type)).toEqual(['firing']);
  });

  it('keeps the alert unchanged when the severity of the last body cannot be read', () => {
    const history = new Map([
      [1, firingHistory({ lastFiring: { at: ago(MIN), severity: null, state: 'delivered' } })],
    ]);
    expect(plan([finding({ severity: 'critical' })], history)).toEqual([]);
  });

  it('orders the plan by finding id', () => {
    const out = plan([finding({ id: 9 }), finding({ id: 3 }), finding({ id: 5 })]);
    expect(out.map((p) => p.findingId)).toEqual([3, 5, 9]);
  });
});

describe('planWebhookEvents with silenced or accepted (muted) findings', () => {
  it('sends no firing event while muted, and fires once the silence ends if still open', () => {
    const f = finding({ openedAt: ago(60 * MIN) });
    expect(plan([{ ...f, muted: true }])).toEqual([]);
    // The silence expired: the finding has held for far longer than forMs, so it fires at once.
    expect(plan([{ ...f, muted: false }])).toEqual([
      { findingId: 1, type: 'firing', severity: 'warning', reason: 'fired' },
    ]);
  });

  it('does not repeat or re-fire on a severity change while a firing finding is muted', () => {
    const history = new Map([
      [1, firingHistory({ lastFiring: { at: ago(24 * 60 * MIN), severity: 'warning', state: 'delivered' } })],
    ]);
    expect(plan([finding({ muted: true })], history)).toEqual([]);
    expect(plan([finding({ muted: true, severity: 'critical' })], history)).toEqual([]);
    // Unmuted again: the overdue repeat goes out.
    expect(plan([finding()], history).map((p) => p.reason)).toEqual(['repeat']);
  });

  it('resolving while muted sends nothing when it never fired', () => {
    expect(plan([finding({ state: 'resolved', muted: true })])).toEqual([]);
  });

  it('still resolves a finding that had fired before it was silenced', () => {
    const history = new Map([[1, firingHistory()]]);
    expect(plan([finding({ state: 'resolved', muted: true })], history)).toEqual([
      { findingId: 1, type: 'resolved', severity: 'warning', reason: 'resolved' },
    ]);
  });

  it('an accepted finding never fires however long it is open', () => {
    const f = finding({ openedAt: ago(90 * 24 * 60 * MIN), severity: 'critical', muted: true });
    let history = new Map<number, AlertHistory>();
    for (let hour = 0; hour < 48; hour++) {
      const at = new Date(now.getTime() + hour * 60 * MIN);
      const planned = plan([f], history, webhook, at);
      expect(planned).toEqual([]);
      history = enqueue(history, planned, at);
    }
  });
});
