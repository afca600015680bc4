import { describe, expect, it } from 'vitest';
import { planFindings, type Hit, type OpenFinding } from './plan';

const hit = (rule: string, subject = '', severity: Hit['severity'] = 'warning'): Hit => ({
  rule,
  subject,
  severity,
  summary: `${rule} ${subject}`,
  detail: '',
  remediation: { summary: 's', reason: 'r', steps: [], restartRequired: false },
});
const open = (id: number, targetId: number, rule: string, subject = ''): OpenFinding => ({
  id,
  targetId,
  rule,
  subject,
  severity: 'warning',
});
const known = new Set(['a', 'b', 'disk']);
const none = new Set<number>();

describe('planFindings', () => {
  it('opens a finding for a new failure and updates one that still holds', () => {
    const plan = planFindings(
      [open(1, 10, 'a')],
      [{ targetId: 10, evaluatedRules: new Set(['a', 'b']), hits: [hit('a'), hit('b')] }],
      { removedTargetIds: none, knownRules: known },
    );
    expect(plan.update.map((u) => u.id)).toEqual([1]);
    expect(plan.open.map((o) => [o.targetId, o.rule])).toEqual([[10, 'b']]);
    expect(plan.resolve).toEqual([]);
  });

  it('resolves a finding whose rule was evaluated and passed', () => {
    const plan = planFindings(
      [open(1, 10, 'a')],
      [{ targetId: 10, evaluatedRules: new Set(['a']), hits: [] }],
      {
        removedTargetIds: none,
        knownRules: known,
      },
    );
    expect(plan.resolve).toEqual([{ id: 1, reason: 'the rule passes again' }]);
  });

  it('keeps a finding whose rule could not be evaluated (stale input)', () => {
    const plan = planFindings(
      [open(1, 10, 'a')],
      [{ targetId: 10, evaluatedRules: new Set(['b']), hits: [] }],
      {
        removedTargetIds: none,
        knownRules: known,
      },
    );
    expect(plan).toEqual({ open: [], update: [], resolve: [] });
  });

  it('tracks subjects separately: one disk fixed, the other still open', () => {
    const plan = planFindings(
      [open(1, 10, 'disk', 'vda'), open(2, 10, 'disk', 'vdb')],
      [{ targetId: 10, evaluatedRules: new Set(['disk']), hits: [hit('disk', 'vdb')] }],
      { removedTargetIds: none, knownRules: known },
    );
    expect(plan.update.map((u) => u.id)).toEqual([2]);
    expect(plan.resolve.map((r) => r.id)).toEqual([1]);
  });

  it('resolves findings of removed targets and retired rules', () => {
    const plan = planFindings([open(1, 10, 'a'), open(2, 11, 'gone')], [], {
      removedTargetIds: new Set([10]),
      knownRules: known,
    });
    expect(plan.resolve).toEqual([
      { id: 1, reason: 'target removed from the inventory' },
      { id: 2, reason: 'rule gone no longer exists' },
    ]);
  });

  it('merges a duplicate hit for the same subject into one finding', () => {
    const plan = planFindings(
      [],
      [{ targetId: 10, evaluatedRules: new Set(['a']), hits: [hit('a'), hit('a')] }],
      {
        removedTargetIds: none,
        knownRules: known,
      },
    );
    expect(plan.open).toHaveLength(1);
  });
});
