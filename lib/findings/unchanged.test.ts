import { describe, expect, it } from 'vitest';
import type { Remediation } from '../checks/remedy/types';
import type { FindingPlan } from './plan';
import { splitUnchanged, type StoredFinding } from './unchanged';

const remediation = {
  summary: 'Add a virtio-rng device',
  reason: 'no <rng> device',
  steps: [],
  restartRequired: false,
} as unknown as Remediation;

const update = (
  id: number,
  patch: Partial<FindingPlan['update'][number]> = {},
): FindingPlan['update'][number] => ({
  id,
  rule: 'rng-device-missing',
  subject: '',
  severity: 'warning',
  summary: 'vm has no <rng> device',
  detail: 'detail',
  remediation,
  ...patch,
});

const stored = (id: number, patch: Partial<StoredFinding> = {}): StoredFinding => ({
  id,
  severity: 'warning',
  summary: 'vm has no <rng> device',
  detail: 'detail',
  remediation: JSON.stringify(remediation),
  pendingColdBootSince: null,
  ...patch,
});

describe('splitUnchanged', () => {
  it('leaves out of the rewrites only findings judged exactly as stored', () => {
    const byId = new Map(
      [
        stored(1),
        stored(2, { severity: 'critical' }),
        stored(3, { summary: 'older text' }),
        stored(4, { detail: 'older detail' }),
        stored(5, { remediation: '{}' }),
        stored(6, { pendingColdBootSince: new Date('2026-11-25T00:00:00Z') }),
        stored(7),
      ].map((s) => [s.id, s]),
    );
    const { unchanged, changed } = splitUnchanged(
      [1, 2, 3, 4, 5, 6, 7, 8].map((id) => update(id, id === 7 ? { pendingColdBoot: true } : {})),
      byId,
    );
    expect(unchanged).toEqual([1]);
    // 2-5 differ in a stored field, 6 stopped waiting, 7 started waiting, 8 is not stored at all.
    expect(changed.map((u) => u.id)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('keeps a finding that still waits for a cold boot among the unchanged', () => {
    const since = new Date('2026-11-25T00:00:00Z');
    const { unchanged } = splitUnchanged(
      [update(1, { pendingColdBoot: true })],
      new Map([[1, stored(1, { pendingColdBootSince: since })]]),
    );
    expect(unchanged).toEqual([1]);
  });
});
