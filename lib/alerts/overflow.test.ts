import { describe, expect, it } from 'vitest';
import { capPlannedEvents, overflowSnapshot } from './overflow';
import type { PlannedEvent } from './plan';

const fire = (findingId: number, severity: PlannedEvent['severity'] = 'warning'): PlannedEvent => ({
  findingId,
  type: 'firing',
  severity,
  reason: 'fired',
});
const resolve = (findingId: number): PlannedEvent => ({
  findingId,
  type: 'resolved',
  severity: 'warning',
  reason: 'resolved',
});

describe('capPlannedEvents', () => {
  it('keeps everything within the budget, in the plan order', () => {
    const plan = [fire(1), resolve(2)];
    expect(capPlannedEvents(plan, 2)).toEqual({ kept: plan, withheld: [] });
  });

  it('keeps resolves first, then the most severe firings, then the oldest findings', () => {
    const plan = [fire(1), fire(2, 'critical'), resolve(3), fire(4, 'info'), fire(5, 'critical')];
    const { kept, withheld } = capPlannedEvents(plan, 3);
    expect(kept.map((p) => `${p.type}:${p.findingId}`)).toEqual(['firing:2', 'resolved:3', 'firing:5']);
    expect(withheld.map((p) => p.findingId)).toEqual([1, 4]);
  });

  it('keeps or holds a severity change (resolve + fire of one finding) as a pair', () => {
    const change: PlannedEvent[] = [
      { findingId: 7, type: 'resolved', severity: 'warning', reason: 'severity-changed' },
      { findingId: 7, type: 'firing', severity: 'critical', reason: 'severity-changed' },
    ];
    const { kept } = capPlannedEvents([resolve(1), ...change], 2);
    expect(kept.map((p) => `${p.type}:${p.findingId}`)).toEqual(['resolved:1']);
    const both = capPlannedEvents([...change, fire(9)], 2);
    expect(both.kept).toEqual(change);
  });

  it('stays linear in the number of events (25,000 planned events)', () => {
    const plan = Array.from({ length: 25_000 }, (_, i) => fire(i, i % 3 === 0 ? 'critical' : 'warning'));
    const { kept, withheld } = capPlannedEvents(plan, 50);
    expect(kept).toHaveLength(50);
    expect(kept.every((p) => p.severity === 'critical')).toBe(true);
    expect(withheld).toHaveLength(24_950);
  });
});

describe('overflowSnapshot', () => {
  it('says how many were held back and carries the worst severity', () => {
    const s = overflowSnapshot('ops', [fire(1), fire(2, 'critical'), resolve(3)], 50, new Date(0));
    expect(s.severity).toBe('critical');
    expect(s.rule).toBe('alert-overflow');
    expect(s.summary).toBe(
      '3 more alert events for webhook "ops" were held back this cycle (at most 50 per cycle)',
    );
    expect(s.detail).toMatch(/^2 firing and 1 resolved events wait/);
  });
});
